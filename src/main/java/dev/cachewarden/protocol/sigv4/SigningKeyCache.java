package dev.cachewarden.protocol.sigv4;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived signing keys by access key and day: four HMACs saved on every request after the first of
 * the day. A key is only reused while the secret it came from is unchanged, so rotation needs no flush.
 * Bounded: the verifier only asks for scopes that passed the date and region checks, and the map is
 * cleared if it ever grows past its limit.
 */
final class SigningKeyCache {
    private static final int MAX_ENTRIES = 4096;

    private record Entry(String secret, byte[] key) {}

    private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();

    byte[] key(String accessKeyId, String secret, String date, String region, String service) {
        String id = accessKeyId + '/' + date + '/' + region + '/' + service;
        Entry entry = keys.get(id);
        if (entry != null && entry.secret().equals(secret)) {
            return entry.key();
        }
        if (keys.size() >= MAX_ENTRIES) {
            keys.clear();
        }
        byte[] key = SigV4Crypto.signingKey(secret, date, region, service);
        keys.put(id, new Entry(secret, key));
        return key;
    }

    int size() {
        return keys.size();
    }
}
