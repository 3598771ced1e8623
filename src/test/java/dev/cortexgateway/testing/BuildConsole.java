package dev.cortexgateway.testing;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Writes a line where the person running {@code mvn} sees it. Surefire (with
 * {@code redirectTestOutputToFile}, as this build sets to keep the gateway's JSON logs off the
 * console) sends a test's System.out and System.err to report files; its own console logger, which
 * prints {@code [WARNING] ...} in the Maven output, sits behind the captured System.out. This reaches
 * it by reflection on Surefire 3's forwarding stream; anywhere else (an IDE, another Surefire
 * version) the line goes to System.err, which is then the console.
 */
public final class BuildConsole {

    private BuildConsole() {
    }

    public static void info(String line) {
        write("info", line);
    }

    public static void warning(String line) {
        write("warning", line);
    }

    private static void write(String level, String line) {
        Object logger = surefireConsoleLogger(System.out);
        if (logger != null) {
            try {
                logger.getClass().getMethod(level, String.class).invoke(logger, line);
                return;
            } catch (ReflectiveOperationException | RuntimeException notThisVersion) {
                // fall through to System.err
            }
        }
        System.err.println(line);
    }

    /** Surefire's fork console logger: {@code ForwardingPrintStream.target.runListener}, or null. */
    private static Object surefireConsoleLogger(PrintStream out) {
        try {
            Object target = field(out, "target");
            Object listener = target == null ? null : field(target, "runListener");
            if (listener == null) {
                return null;
            }
            Method warning = listener.getClass().getMethod("warning", String.class);
            return warning == null ? null : listener;
        } catch (ReflectiveOperationException | RuntimeException notSurefire) {
            return null;
        }
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
