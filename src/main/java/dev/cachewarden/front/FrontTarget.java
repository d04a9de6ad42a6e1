package dev.cachewarden.front;

/** What a front endpoint serves. kind: NODE, PRIMARY, READER, SERVERLESS, SERVERLESS_READER. */
public record FrontTarget(String cacheId, boolean serverless, EndpointKind kind, String cacheClusterId) {}
