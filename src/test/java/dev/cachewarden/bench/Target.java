package dev.cachewarden.bench;

/**
 * A server under load: where it listens and the credentials its requests are signed with.
 *
 * @param pid the server's process, whose CPU per request the load generator reports; 0 when unknown
 */
record Target(String name, String host, int port, String accessKeyId, String secretAccessKey, long pid) {
    static final String REGION = "us-east-1";

    Target(String name, String host, int port, String accessKeyId, String secretAccessKey) {
        this(name, host, port, accessKeyId, secretAccessKey, 0);
    }
}
