package dev.cachewarden.service;

import java.util.List;

/** One page of a Describe answer; {@code marker} is null on the last page. */
public record Page<T>(List<T> items, String marker) {}
