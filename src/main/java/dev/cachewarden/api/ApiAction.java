package dev.cachewarden.api;

import dev.cachewarden.auth.AuthorizationResource;
import dev.cachewarden.protocol.QueryRequest;
import dev.cachewarden.protocol.XmlWriter;

/** One ElastiCache action: reads its parameters, calls the service, writes its result members. */
public interface ApiAction {
    /** The action's name exactly as AWS spells it in {@code Action=}. */
    String name();

    /** The resource IAM policies are checked against, as this action's request names it. */
    AuthorizationResource authorizationResource();

    /** @return what writes the members of {@code <NameResult>} */
    java.util.function.Consumer<XmlWriter> execute(QueryRequest request);
}
