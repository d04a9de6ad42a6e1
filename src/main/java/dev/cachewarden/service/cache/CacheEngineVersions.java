package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.Paging;
import dev.cachewarden.service.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DescribeCacheEngineVersions: what this install can run, one version per engine binary found
 * (redis-server, valkey-server), each its engine's default; filtered by Engine, EngineVersion (served
 * by the binary of that major, as create and modify accept it) and CacheParameterGroupFamily.
 */
public final class CacheEngineVersions {
    /** One CacheEngineVersion. @param binary the program that runs it, for CacheEngineVersionDescription */
    public record Version(Engine engine, String engineVersion, String family, String description) {}

    private final CacheRuntime runtime;

    public CacheEngineVersions(CacheRuntime runtime) {
        this.runtime = runtime;
    }

    public List<Version> available() {
        List<Version> out = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            if (!runtime.runsOwnBinary(engine)) {
                continue;
            }
            runtime.engineVersion(engine).ifPresent(v -> out.add(new Version(engine, v,
                    EngineUpgradeRules.family(engine, EngineVersion.of(v)),
                    (engine == Engine.VALKEY ? "Valkey " : "Redis OSS ") + v)));
        }
        return out;
    }

    public Page<Version> describe(Optional<String> engine, Optional<String> engineVersion, Optional<String> family,
                                  Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.CACHES);
        Optional<Engine> wanted = engine.map(Requests::engine);
        Optional<EngineVersion> version = engineVersion.map(v -> EngineVersion.parse(v, "EngineVersion"));
        List<Version> matching = available().stream()
                .filter(v -> wanted.isEmpty() || wanted.get() == v.engine())
                .filter(v -> version.isEmpty() || EngineUpgradeRules.matches(version.get(), EngineVersion.of(v.engineVersion())))
                .filter(v -> family.isEmpty() || family.get().equals(v.family()))
                .toList();
        // The marker is the position after the last one answered: the list is a handful, fixed while serving.
        int from = marker == null ? 0 : position(marker);
        List<Version> rest = matching.subList(Math.min(from, matching.size()), matching.size());
        if (rest.size() > max) {
            return new Page<>(rest.subList(0, max), Paging.markerAfter(Integer.toString(from + max)));
        }
        return new Page<>(rest, null);
    }

    private static int position(String marker) {
        try {
            return Integer.parseInt(Paging.afterId(marker));
        } catch (NumberFormatException e) {
            throw dev.cachewarden.domain.fault.ElastiCacheFault.invalidValue("Invalid Marker: " + marker);
        }
    }
}
