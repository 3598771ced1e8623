package dev.cortexgateway.routestests;

import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.LoggerFactory;

/**
 * Keeps the text of every log event of this JVM (the gateway under test runs in it) from
 * {@link #start()} on, so a case can assert that a secret it sent was never logged. The text is
 * what the console appender writes (its encoder: the structured JSON line) plus every throwable's
 * class and message, since a stack trace setting may change but a secret in an exception message
 * is a leak either way.
 */
final class LogCapture implements GatewayLog {

    private static final String NAME = "route-cases-capture";
    private static final String ACCESS_LOGGER = "gateway.access";

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    private LogCapture() {
    }

    /** Attaches a capture to the root logger; call it after the application context started (Spring Boot resets Logback then). */
    static LogCapture start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Encoder<ILoggingEvent> encoder = consoleEncoder(root);
        LogCapture capture = new LogCapture();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                capture.lines.add(text(event, encoder));
            }
        };
        appender.setName(NAME);
        appender.setContext(context);
        appender.start();
        root.detachAppender(NAME);
        root.addAppender(appender);
        return capture;
    }

    @Override
    public int mark() {
        return lines.size();
    }

    @Override
    public List<String> since(int mark) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = lines.iterator();
        for (int i = 0; it.hasNext(); i++) {
            String line = it.next();
            if (i >= mark) {
                out.add(line);
            }
        }
        return out;
    }

    /**
     * Waits (at most {@code timeout}) until the gateway's access line of each of these trace ids is
     * in the log, and fails naming the ones still missing. The access line is written when the
     * gateway finished a request, which can be just after the client read the answer; a case's log
     * is complete only then, so checking it earlier could miss a leak.
     */
    @Override
    public void awaitAccessLines(Set<String> traceIds, Duration timeout) {
        Set<String> missing = new HashSet<>(traceIds);
        await("access lines of trace ids " + missing).atMost(timeout).pollInterval(Duration.ofMillis(5)).until(() -> {
            for (String line : lines) {
                if (line.contains(ACCESS_LOGGER)) {
                    missing.removeIf(line::contains);
                }
            }
            return missing.isEmpty();
        });
    }

    /** Every line kept since {@link #start()}. */
    List<String> all() {
        return since(0);
    }

    private static Encoder<ILoggingEvent> consoleEncoder(Logger root) {
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> stream && stream.getEncoder() != null) {
                return stream.getEncoder();
            }
        }
        return null;
    }

    private static String text(ILoggingEvent event, Encoder<ILoggingEvent> encoder) {
        StringBuilder text = new StringBuilder();
        if (encoder != null) {
            byte[] encoded = encoder.encode(event);
            if (encoded != null) {
                text.append(new String(encoded, StandardCharsets.UTF_8));
            }
        }
        text.append(' ').append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
