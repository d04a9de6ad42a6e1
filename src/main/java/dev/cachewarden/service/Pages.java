package dev.cachewarden.service;

import java.util.List;
import java.util.function.Function;

/** A page cut from a list already filtered by the marker and sorted by the key the marker names. */
public final class Pages {
    private Pages() {}

    public static <T> Page<T> of(List<T> sorted, int max, Function<T, String> key) {
        if (sorted.size() <= max) {
            return new Page<>(List.copyOf(sorted), null);
        }
        List<T> page = List.copyOf(sorted.subList(0, max));
        return new Page<>(page, Paging.markerAfter(key.apply(page.get(max - 1))));
    }
}
