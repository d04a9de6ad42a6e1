package dev.cachewarden.engine;

import dev.cachewarden.front.FrontEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A front endpoint and the loopback address it listens on (127.0.0.1, or a group's own address). */
record PublishedEndpoint(String host, FrontEndpoint endpoint) {
    InetAddress bind() {
        try {
            return InetAddress.getByName(host); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + host, e);
        }
    }
}
