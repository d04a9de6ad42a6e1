package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.events.Event;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;
import dev.cachewarden.service.EventService;
import dev.cachewarden.service.Page;
import java.util.function.Consumer;

/** https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeEvents.html */
public final class DescribeEvents implements ApiAction {
    private final EventService events;

    public DescribeEvents(EventService events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "DescribeEvents";
    }

    /** IAM knows no event resource; a policy's "*" covers it, as on AWS. */
    @Override
    public AuthorizationResource authorizationResource() {
        return AuthorizationResource.identified("event", "SourceIdentifier");
    }

    @Override
    public Consumer<XmlWriter> execute(QueryRequest request) {
        Page<Event> page = events.describe(new EventService.DescribeEvents(
                request.string("SourceIdentifier"),
                request.string("SourceType"),
                request.string("StartTime"),
                request.string("EndTime"),
                request.integer("Duration"),
                request.integer("MaxRecords").orElse(null),
                request.string("Marker").orElse(null)));
        return xml -> {
            xml.element("Marker", page.marker());
            xml.start("Events");
            for (Event e : page.items()) {
                xml.start("Event")
                        .element("SourceIdentifier", e.sourceIdentifier())
                        .element("SourceType", e.sourceType().wire())
                        .element("Message", e.message())
                        .element("Date", CacheXml.timestamp(e.dateMillis()))
                        .end();
            }
            xml.end();
        };
    }
}
