package dev.cachewarden.domain;

/**
 * One engine parameter of a parameter group family, as AWS's documentation lists it.
 *
 * @param allowedValues as DescribeCacheParameters answers it: {@code yes,no} or a range {@code 0-}
 * @param runtime whether cachewarden applies it to the nodes with {@code CONFIG SET} (the rest are
 *     stored and answered only)
 */
public record CacheParameter(String name, String defaultValue, String description, String dataType,
                             String allowedValues, boolean modifiable, String minimumEngineVersion,
                             ChangeType changeType, boolean runtime) {}
