package dev.cachewarden.domain;

/** A resource tag; the value may be absent, as the model allows. */
public record Tag(String key, String value) {}
