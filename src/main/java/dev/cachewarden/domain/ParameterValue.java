package dev.cachewarden.domain;

/**
 * A parameter of a group with the value it has there.
 *
 * @param source {@code user} when set by ModifyCacheParameterGroup, {@code system} for a default
 *     group's own value, else {@code engine-default}
 */
public record ParameterValue(CacheParameter parameter, String value, String source) {}
