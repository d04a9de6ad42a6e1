package dev.cachewarden.domain;

/**
 * A cache parameter group: its name, its family ({@code redis7}, {@code valkey8}, ...) and description.
 * Its values live apart (only those set differ from the family's defaults).
 *
 * @param isDefault one of AWS's own groups ({@code default.redis7}, ...), which cannot be modified
 */
public record CacheParameterGroup(String name, String family, String description, boolean isDefault) {}
