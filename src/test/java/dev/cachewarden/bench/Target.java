package dev.cachewarden.bench;

/** A server under load: where it listens and the credentials its requests are signed with. */
record Target(String name, String host, int port, String accessKeyId, String secretAccessKey) {
    static final String REGION = "us-east-1";
}
