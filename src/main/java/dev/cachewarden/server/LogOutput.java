package dev.cachewarden.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The log's stderr. A line is written at once when the last write is {@link #DELAY_NANOS} old or
 * more, as it always was; lines that come faster are gathered and written together that long after
 * the first of them. One {@code write} system call a line was the request log's main cost under load
 * (a seventh of a cached DescribeUsers' CPU, async-profiler); at thousands of requests a second
 * hundreds of lines now share one. A line at WARN or above is written at once ({@link #flush}), and so
 * is everything at exit; a {@code kill -9} under load can take back the last few milliseconds of INFO
 * lines. Idle, the writer thread sleeps until a line is gathered: no periodic wake-up.
 */
final class LogOutput extends OutputStream {
    private static final long DELAY_NANOS = 20_000_000L;

    /** Its own lock (JDK 21+ BufferedOutputStream): the writer thread's flush and the loggers' writes may meet. */
    private final BufferedOutputStream out;
    private final AtomicBoolean pending = new AtomicBoolean();
    /** When the gathered lines were last written (System.nanoTime). */
    private volatile long written = System.nanoTime() - DELAY_NANOS;
    private final Thread writer;

    LogOutput() {
        this(new FileOutputStream(FileDescriptor.err));
    }

    LogOutput(OutputStream target) {
        this.out = new BufferedOutputStream(target, 64 * 1024);
        this.writer = Thread.ofPlatform().name("log-writer").daemon().unstarted(this::writeWhenPending);
        writer.start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(this::flushQuietly));
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        afterWrite();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        afterWrite();
    }

    /** Writes what is gathered now (WARN and above, and the appender's stop). */
    @Override
    public void flush() throws IOException {
        written = System.nanoTime();
        out.flush();
    }

    private void afterWrite() throws IOException {
        if (pending.get()) {
            return; // the writer thread writes it with the others
        }
        if (System.nanoTime() - written >= DELAY_NANOS) {
            flush(); // the first line in a while: at once
        } else if (pending.compareAndSet(false, true)) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public void close() throws IOException {
        out.flush(); // never closes stderr itself: a format switch stops the appender, and the process keeps writing
    }

    private void writeWhenPending() {
        while (true) {
            while (!pending.get()) {
                LockSupport.park(this);
            }
            LockSupport.parkNanos(DELAY_NANOS); // an unpark meanwhile only shortens it: pending is already set
            pending.set(false); // cleared before the flush: a line written during it is written or pended again
            flushQuietly();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            // stderr closed: nothing left to tell
        }
    }
}
