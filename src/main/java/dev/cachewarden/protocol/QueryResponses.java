package dev.cachewarden.protocol;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The AWS Query envelopes: {@code <ActionResponse>} around a result, and {@code <ErrorResponse>}. */
public final class QueryResponses {
    public static final String NAMESPACE = "http://elasticache.amazonaws.com/doc/2015-02-02/";
    public static final String API_VERSION = "2015-02-02";

    private QueryResponses() {}

    /**
     * A version-4 UUID, as AWS's request ids look. It must be unique, not secret: ThreadLocalRandom
     * instead of UUID.randomUUID's SecureRandom, one shared source behind a lock and a syscall (5% of
     * a cached DescribeUsers' CPU in a profile).
     */
    public static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & ~0xC000000000000000L) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /**
     * The answer's UTF-8 bytes, to send once.
     *
     * @param result writes the members of {@code <ActionResult>}; null for actions with no result
     */
    public static ByteBuffer success(String action, String requestId, java.util.function.Consumer<XmlWriter> result) {
        XmlWriter xml = new XmlWriter().startWithNamespace(action + "Response", NAMESPACE);
        if (result != null) {
            xml.start(action + "Result");
            result.accept(xml);
            xml.end();
        }
        return xml.start("ResponseMetadata").element("RequestId", requestId).end().end().body();
    }

    /** The error's UTF-8 bytes, to send once. */
    public static ByteBuffer error(ErrorCode code, String message, String requestId) {
        return new XmlWriter().startWithNamespace("ErrorResponse", NAMESPACE)
                .start("Error")
                .element("Type", code.type())
                .element("Code", code.code())
                .element("Message", message)
                .end()
                .element("RequestId", requestId)
                .end()
                .body();
    }
}
