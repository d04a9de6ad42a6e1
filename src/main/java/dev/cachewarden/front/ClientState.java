package dev.cachewarden.front;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one client connection's commands did to its connection on the node, as far as the front
 * follows it by their names: a transaction open, replies no longer one per command (pub/sub,
 * MONITOR, CLIENT REPLY), RESP3, a state no other connection shares (so it keeps a node connection of
 * its own), something RESET does not undo (so that connection is not kept for the next client); and
 * whether the commands since bytes were last handed on may share a node connection
 * ({@link SharedUpstream}). Used on the connection's event loop only.
 */
final class ClientState {
    /** Commands held whole so their arguments can be read. */
    static final Set<String> HELD = Set.of("AUTH", "HELLO", "CLIENT");
    /** Commands after which replies no longer match commands one to one (pub/sub, MONITOR…). */
    private static final Set<String> UNCOUNTABLE = Set.of("SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE",
            "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "SYNC", "PSYNC");
    /**
     * Commands after which the connection differs from a new one authenticated as the same user (its
     * database, transaction, mode, protocol…), or that end it: it never shares a node connection again.
     * CLIENT and HELLO are held, and count too.
     */
    private static final Set<String> STATEFUL = Set.of("SELECT", "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH",
            "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "SYNC",
            "PSYNC", "REPLCONF", "READONLY", "READWRITE", "ASKING", "RESET", "QUIT", "SCRIPT", "", "CLIENT", "HELLO");
    /** Commands that may wait for others: sent on a node connection of the client's own, never a shared one. */
    private static final Set<String> BLOCKING = Set.of("BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP",
            "BZPOPMIN", "BZPOPMAX", "BZMPOP", "XREAD", "XREADGROUP", "WAIT", "WAITAOF");
    /**
     * CLIENT subcommands whose effect RESET undoes, or that have none on the connection. Not SETINFO: RESET
     * keeps lib-name and lib-ver, which the next client would then see as its own (CLIENT INFO).
     */
    private static final Set<String> CLIENT_RESET_UNDOES = Set.of("SETNAME", "GETNAME", "ID", "INFO", "NO-EVICT",
            "NO-TOUCH");

    /** What a command changed that the connection's AUTH tracking must hear of. */
    enum Change { NONE, RESET, UNCOUNTABLE }

    private boolean inMulti;
    private boolean uncountable;
    private boolean stateful;
    private boolean keepNode = true;
    private boolean resp3;
    /**
     * The last streamed name that changes nothing here (GET, SET…): a pipelined client repeats it, and
     * the same instance skips the set look-ups per command (a few % of the event loop).
     */
    private String plainName;
    private int batchCount;
    private boolean batchShareable = true;
    /** The last bytes handed on ended inside a command: the rest goes on the same connection. */
    private boolean splitCommand;

    /** A command streamed to the node (its bytes handed on as they came); {@code name} upper case. */
    Change streamed(String name) {
        batchCount++;
        if (name == plainName) {
            return Change.NONE; // the parser hands on one instance per name
        }
        if (STATEFUL.contains(name)) {
            stateful = true;
            batchShareable = false;
        } else if (BLOCKING.contains(name)) {
            batchShareable = false;
        }
        switch (name) {
            case "MULTI" -> inMulti = true;
            case "EXEC", "DISCARD" -> inMulti = false;
            case "RESET" -> {
                inMulti = false;
                return Change.RESET;
            }
            default -> {
                if (UNCOUNTABLE.contains(name)) {
                    uncountable = true;
                    return Change.UNCOUNTABLE;
                } else if (batchShareable) {
                    plainName = name;
                }
            }
        }
        return Change.NONE;
    }

    /** A held command going to the node (not one the front answers itself): HELLO, CLIENT, AUTH. */
    Change held(String name, List<byte[]> args) {
        if (STATEFUL.contains(name)) {
            stateful = true;
        }
        if (name.equals("HELLO") && args.size() > 1) {
            resp3 = new String(args.get(1), StandardCharsets.ISO_8859_1).equals("3");
        }
        if (name.equals("CLIENT")) {
            String sub = args.size() > 1 ? upper(args.get(1)) : "";
            keepNode &= CLIENT_RESET_UNDOES.contains(sub);
            if (sub.equals("REPLY")) {
                uncountable = true; // OFF and SKIP answer nothing
                return Change.UNCOUNTABLE;
            }
        }
        return Change.NONE;
    }

    /**
     * Bytes are handed on: the commands streamed since the last time, and whether all of them may go
     * on a shared node connection ({@code whole}: the bytes end where a command ends).
     */
    Batch handedOn(boolean whole) {
        Batch batch = new Batch(batchCount, batchShareable && whole && !splitCommand && batchCount > 0);
        batchCount = 0;
        batchShareable = true;
        splitCommand = !whole;
        return batch;
    }

    /** {@code count} commands handed on together; {@code shareable}: all may share a node connection. */
    record Batch(int count, boolean shareable) {}

    boolean inMulti() {
        return inMulti;
    }

    boolean uncountable() {
        return uncountable;
    }

    /** Whether the connection is as a new one authenticated as its user would be (it may share). */
    boolean plain() {
        return !stateful && keepNode && !uncountable && !inMulti;
    }

    /** Whether RESET gives the node connection back as new (it may be kept for the next client). */
    boolean resetUndoesAll() {
        return keepNode && !uncountable && !inMulti;
    }

    boolean resp3() {
        return resp3;
    }

    static String upper(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }
}
