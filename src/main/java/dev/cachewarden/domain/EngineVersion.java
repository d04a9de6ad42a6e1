package dev.cachewarden.domain;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Redis OSS or Valkey version, compared number by number ("6.10" is after "6.9", "10.0" after
 * "7.2"). AWS accepts {@code 7}, {@code 7.x}, {@code 7.1} and {@code 6.2.6}; a major alone or with
 * {@code .x} stands for that major's first release, which is what the minimum-version checks need.
 * An absent patch compares as 0, so {@code 7.0} and {@code 7.0.0} compare equal without being equal.
 *
 * @param patch -1 when the version was written without one
 */
public record EngineVersion(int major, int minor, int patch) implements Comparable<EngineVersion> {
    private static final Pattern SPELLING = Pattern.compile("(\\d{1,4})(?:\\.(?:x|(\\d{1,4})(?:\\.(\\d{1,6}))?))?");

    public EngineVersion {
        if (major < 0 || minor < 0 || patch < -1) {
            throw new IllegalArgumentException("negative engine version " + major + "." + minor + "." + patch);
        }
    }

    public static EngineVersion of(int major, int minor) {
        return new EngineVersion(major, minor, -1);
    }

    /**
     * A version as a request sends it; anything else is AWS's InvalidParameterValue naming the
     * parameter, e.g. {@code Invalid EngineVersion '7.a'.}
     */
    public static EngineVersion parse(String text, String parameter) {
        Matcher m = SPELLING.matcher(text);
        if (!m.matches()) {
            throw ElastiCacheFault.invalidValue("Invalid " + parameter + " '" + text + "'.");
        }
        int major = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return of(major, 0);
        }
        int patch = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        return new EngineVersion(major, Integer.parseInt(m.group(2)), patch);
    }

    /** A serverless cache's {@code MajorEngineVersion}: the major number alone. */
    public static EngineVersion parseMajor(String text, String parameter) {
        if (!text.matches("\\d{1,4}")) {
            throw ElastiCacheFault.invalidValue("Invalid " + parameter + " '" + text + "'.");
        }
        return of(Integer.parseInt(text), 0);
    }

    /** A version this server wrote itself (the store's column, a binary's report); a bad one is a bug. */
    public static EngineVersion of(String text) {
        try {
            return parse(text, "engine version");
        } catch (ElastiCacheFault e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public boolean isBefore(EngineVersion other) {
        return compareTo(other) < 0;
    }

    public static EngineVersion max(EngineVersion a, EngineVersion b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(EngineVersion other) {
        int c = Integer.compare(major, other.major);
        if (c == 0) {
            c = Integer.compare(minor, other.minor);
        }
        return c != 0 ? c : Integer.compare(Math.max(patch, 0), Math.max(other.patch, 0));
    }

    /** As AWS answers it: {@code 7.0}, or {@code 7.0.15} when a patch is known. */
    @Override
    public String toString() {
        return patch < 0 ? major + "." + minor : major + "." + minor + "." + patch;
    }
}
