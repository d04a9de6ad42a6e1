package dev.cachewarden.front.iam;

/** Why a token is not accepted, for the log: never the token itself. */
final class Refusal extends Exception {
    Refusal(String reason) {
        super(reason, null, false, false);
    }
}
