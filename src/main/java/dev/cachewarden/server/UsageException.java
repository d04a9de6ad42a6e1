package dev.cachewarden.server;

/** The command line (or an option's variable) cannot be used: reported with the usage hint, status 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
