package dev.cachewarden.front;

/** The kinds of endpoint a front serves, in ElastiCache's words. */
public enum EndpointKind { NODE, PRIMARY, READER, SERVERLESS, SERVERLESS_READER }
