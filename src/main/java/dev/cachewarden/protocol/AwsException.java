package dev.cachewarden.protocol;

/** A request refused the way AWS refuses it: the wire code, status and message travel together. */
public final class AwsException extends RuntimeException {
    private final ErrorCode code;

    public AwsException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static AwsException invalidValue(String message) {
        return new AwsException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }
}
