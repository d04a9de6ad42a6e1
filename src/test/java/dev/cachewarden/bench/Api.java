package dev.cachewarden.bench;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The few API calls a section makes to set up what it measures, waiting as a client would. */
final class Api {
    private Api() {}

    static String ok(HttpConnection.Response r, String what) throws IOException {
        if (r.status() != 200) {
            throw new IOException(what + " failed: HTTP " + r.status() + " " + r.text());
        }
        return r.text();
    }

    static void awaitGroupActive(HttpConnection http, QueryRequests q, String group)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            String body = ok(http.exchange(q.action("DescribeUserGroups", "UserGroupId", group)), "DescribeUserGroups");
            Matcher m = Pattern.compile("<Status>([^<]*)</Status>").matcher(body);
            if (m.find() && m.group(1).equals("active")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("user group " + group + " not active after 60 s");
            }
            Thread.sleep(20);
        }
    }

    /** Waits for the replication group to be available; its description then. */
    static String awaitAvailable(HttpConnection http, QueryRequests q, String id)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = ok(http.exchange(q.action("DescribeReplicationGroups", "ReplicationGroupId", id)),
                    "DescribeReplicationGroups " + id);
            Matcher status = Pattern.compile("<ReplicationGroup>.*?<Status>([^<]*)</Status>", Pattern.DOTALL)
                    .matcher(body);
            if (status.find() && status.group(1).equals("available")) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new IOException("replication group " + id + " not available after 120 s");
    }
}
