package dev.cachewarden.domain.fault;

/** A request a rule refuses: the fault and the message ElastiCache gives with it. */
public final class ElastiCacheFault extends RuntimeException {
    private final Fault fault;

    public ElastiCacheFault(Fault fault, String message) {
        super(message, null, false, false);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    public static ElastiCacheFault invalidValue(String message) {
        return new ElastiCacheFault(Fault.INVALID_PARAMETER_VALUE, message);
    }

    public static ElastiCacheFault invalidCombination(String message) {
        return new ElastiCacheFault(Fault.INVALID_PARAMETER_COMBINATION, message);
    }
}
