package dev.cachewarden.engine.node;

/**
 * When a node's append-only file reaches the disk. Either way every write is in the file (the kernel's
 * page cache) before the node replies, so a {@code kill -9} of the node loses no acknowledged write.
 */
public enum AofFsync {
    /** The kernel flushes when it will: a power loss may take the last seconds of writes. */
    NO("no"),
    /** An fsync before every reply (batched per event-loop turn): a power loss takes nothing acknowledged. */
    ALWAYS("always");

    private final String redisValue;

    AofFsync(String redisValue) {
        this.redisValue = redisValue;
    }

    /** The {@code appendfsync} setting. */
    String redisValue() {
        return redisValue;
    }
}
