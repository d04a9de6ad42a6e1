package dev.cachewarden.front;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The user and password of an {@code AUTH [user] password} or {@code HELLO [protover] AUTH user
 * password …}, and the same command with other credentials in their place.
 */
record Credentials(List<byte[]> args, int userIndex, int passwordIndex) {
    /**
     * A user no node can have (ACL user names cannot contain spaces): AUTH as it fails exactly as a
     * wrong password does, in order with the connection's other replies.
     */
    static final String REFUSED_USER = "refused by cachewarden";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The credentials in {@code args}, or null when the command carries none the front can read. */
    static Credentials of(String name, List<byte[]> args) {
        if (name.equals("AUTH")) {
            return switch (args.size()) {
                case 2 -> new Credentials(args, -1, 1);
                case 3 -> new Credentials(args, 1, 2);
                default -> null; // the node answers the wrong number of arguments
            };
        }
        if (name.equals("HELLO")) {
            // HELLO [protover [AUTH username password] [SETNAME clientname]], options in any order.
            int i = 2;
            while (i < args.size()) {
                String option = new String(args.get(i), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                if (option.equals("AUTH") && i + 2 < args.size()) {
                    return new Credentials(args, i + 1, i + 2);
                }
                i += option.equals("SETNAME") ? 2 : 1;
            }
        }
        return null;
    }

    String user() {
        return userIndex < 0 ? "default" : new String(args.get(userIndex), StandardCharsets.UTF_8);
    }

    String password() {
        return new String(args.get(passwordIndex), StandardCharsets.UTF_8);
    }

    /** The same command with {@code user} and {@code password} instead. */
    ByteBuf with(ByteBufAllocator alloc, String user, String password) {
        List<byte[]> out = new ArrayList<>(args);
        if (userIndex < 0) {
            out.add(1, user.getBytes(StandardCharsets.UTF_8));
            out.set(2, password.getBytes(StandardCharsets.UTF_8));
        } else {
            out.set(userIndex, user.getBytes(StandardCharsets.UTF_8));
            out.set(passwordIndex, password.getBytes(StandardCharsets.UTF_8));
        }
        return encode(alloc, out);
    }

    /** The same command as a user that does not exist, which the node refuses with WRONGPASS. */
    ByteBuf refused(ByteBufAllocator alloc) {
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        return with(alloc, REFUSED_USER, HexFormat.of().formatHex(secret));
    }

    static ByteBuf encode(ByteBufAllocator alloc, List<byte[]> args) {
        int size = 64;
        for (byte[] a : args) {
            size += a.length + 16;
        }
        ByteBuf buf = alloc.buffer(size);
        buf.writeCharSequence("*" + args.size() + "\r\n", StandardCharsets.US_ASCII);
        for (byte[] a : args) {
            buf.writeCharSequence("$" + a.length + "\r\n", StandardCharsets.US_ASCII);
            buf.writeBytes(a).writeByte('\r').writeByte('\n');
        }
        return buf;
    }
}
