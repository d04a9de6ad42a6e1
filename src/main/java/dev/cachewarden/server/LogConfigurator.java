package dev.cachewarden.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration, in code: parsing an XML file loaded about 600 classes (an XML parser and
 * logback's configuration model) before the server could answer. Everything goes to stderr at
 * {@code CACHEWARDEN_LOG_LEVEL} (INFO by default); Jetty, Hikari and Flyway only warn. A
 * {@code -Dlogback.configurationFile} or a {@code logback.xml}/{@code logback-test.xml} on the class
 * path still wins: then this steps aside and logback reads that file.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    private static final String APPENDER = "STDERR";
    /** The format {@link #startWith} asked for before logging started: {@link #configure} uses it. */
    private static volatile String startFormat;
    private static volatile boolean configured;

    /**
     * The format of {@code serve --log-format}, given before anything logs, so that logging starts in
     * it (on the start's warm-up thread) and {@link #useFormat} has nothing to switch or wait for.
     * Refused formats are left to {@link #useFormat}; once logging has started this does nothing.
     */
    static void startWith(String format) {
        try {
            if (!configured) {
                startFormat = checkFormat(format);
            }
        } catch (IllegalArgumentException e) {
            // useFormat refuses it with the usage message
        }
    }

    /**
     * {@code --log-format}: {@code text} (the default) or {@code json}, one object per line. Only the
     * appender this class made is switched: a logback file of the user's own stays as it is.
     */
    static void useFormat(String format) {
        boolean started = checkFormat(format).equals(startFormat); // refused even where logback is not the one logging
        org.slf4j.ILoggerFactory factory = awaitLogging();
        if (started || !(factory instanceof LoggerContext context)) { // started: set up in it already
            return;
        }
        if (context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER) instanceof StderrAppender a) {
            a.stop(); // lets go of the stream (flushed, never closed): it is given back before the start
            a.setEncoder(encoder(context, format));
            a.setOutputStream(Stderr.OUT);
            a.start();
        }
    }

    /**
     * Logging once it is set up, whichever thread sets it up. Until then slf4j answers a stand-in
     * factory (a format set on it would silently not apply), and a line logged meanwhile is replayed
     * under a warning of slf4j's own, which is not JSON: so the start logs nothing before this returns.
     */
    static org.slf4j.ILoggerFactory awaitLogging() {
        org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
        for (int i = 0; i < 2000 && factory instanceof org.slf4j.helpers.SubstituteLoggerFactory; i++) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            factory = org.slf4j.LoggerFactory.getILoggerFactory();
        }
        return factory;
    }

    /** @return the format's name ({@code text} or {@code json}); an unknown one is refused, not silently text */
    static String checkFormat(String format) {
        String f = format == null || format.isBlank() ? "text" : format.trim().toLowerCase(java.util.Locale.ROOT);
        if (!f.equals("json") && !f.equals("text")) {
            throw new IllegalArgumentException("log format '" + format + "' is neither text nor json");
        }
        return f;
    }

    /** The encoder of a format name; an unknown name is refused so that a typo is not silently text. */
    static Encoder<ILoggingEvent> encoder(LoggerContext context, String format) {
        String f = checkFormat(format);
        if (f.equals("json")) {
            LayoutWrappingEncoder<ILoggingEvent> json = new LayoutWrappingEncoder<>();
            json.setContext(context);
            JsonLogLayout layout = new JsonLogLayout();
            layout.setContext(context);
            layout.start();
            json.setLayout(layout);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} %X{requestId} - %msg%n");
        text.start();
        return text;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
                || loader.getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        StderrAppender stderr = new StderrAppender();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setImmediateFlush(false);
        stderr.setOutputStream(Stderr.OUT);
        Encoder<ILoggingEvent> encoder;
        try {
            String format = startFormat;
            encoder = encoder(context, format != null ? format : System.getenv("CACHEWARDEN_LOG_FORMAT"));
        } catch (IllegalArgumentException e) {
            encoder = encoder(context, "text"); // serve's own check of the variable then stops the start
        }
        stderr.setEncoder(encoder);
        stderr.start();
        for (String quiet : new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("CACHEWARDEN_LOG_LEVEL");
        root.setLevel(Level.toLevel(level == null || level.isBlank() ? null : level.trim(), Level.INFO));
        root.addAppender(stderr);
        configured = true;
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Writes the lines gathered so far (LogOutput), if this class's appender is the one logging. */
    static void flush() {
        if (configured) {
            try {
                Stderr.OUT.flush();
            } catch (java.io.IOException e) {
                // stderr closed: nothing left to tell
            }
        }
    }

    /** One for the process, made with the first appender: its writer thread gathers every line for stderr. */
    private static final class Stderr {
        static final LogOutput OUT = new LogOutput();
    }

    /** Everything to {@link LogOutput}, gathered; a line at WARN or above is written at once. */
    static final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {
        @Override
        protected void subAppend(ILoggingEvent event) {
            super.subAppend(event);
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                flush();
            }
        }
    }
}
