package dev.cachewarden.engine;

import dev.cachewarden.engine.node.NodeAddress;

/** A node could not be reached or refused a management command; the work is retried later. */
public final class NodeUnavailableException extends RuntimeException {
    public NodeUnavailableException(NodeAddress node, Throwable cause) {
        super("node " + node + " is unavailable: " + cause.getMessage(), cause);
    }

    public NodeUnavailableException(String message) {
        super(message);
    }
}
