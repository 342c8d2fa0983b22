package cloud.patchmon.agent.logging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the agent's {@link System.Logger} output (the JDK's default backend, java.util.logging) to the
 * log file, one line per record: {@code 2026-12-01T18:00:00.123Z INFO  message}. Set up once per process
 * by the command line, never by library code.
 */
public final class AgentLogging {

    /** Rotate at 10 MB and keep five old files: at most 60 MB on a host's disk. */
    static final long LIMIT_BYTES = 10L * 1024 * 1024;
    static final int KEEP = 5;

    private AgentLogging() {
    }

    /** Logs to {@code file} at {@code level} (debug, info, warn, error); with {@code console} also to stderr. */
    public static void configure(Path file, String level, boolean console) throws IOException {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Level threshold = level(level);
        root.setLevel(threshold);
        Handler handler = new RotatingFileHandler(file, LIMIT_BYTES, KEEP);
        handler.setFormatter(new LineFormatter());
        handler.setLevel(threshold);
        root.addHandler(handler);
        if (console) {
            Handler stderr = new ConsoleHandler();
            stderr.setFormatter(new LineFormatter());
            stderr.setLevel(threshold);
            root.addHandler(stderr);
        }
    }

    /** Only warnings and errors on stderr: for commands run before a configuration exists. */
    public static void consoleOnly() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Handler stderr = new ConsoleHandler();
        stderr.setFormatter(new LineFormatter());
        root.addHandler(stderr);
    }

    static Level level(String name) {
        return switch (name == null ? "info" : name) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> Level.INFO;
        };
    }

    /** {@code <instant> <LEVEL> <message>[ <exception>]}. */
    static final class LineFormatter extends Formatter {

        @Override
        public String format(LogRecord record) {
            String name = switch (record.getLevel().getName()) {
                case "FINE", "FINER", "FINEST" -> "DEBUG";
                case "WARNING" -> "WARN ";
                case "SEVERE" -> "ERROR";
                default -> "INFO ";
            };
            StringBuilder line = new StringBuilder().append(Instant.ofEpochMilli(record.getMillis())).append(' ').append(name).append(' ')
                    .append(formatMessage(record));
            if (record.getThrown() != null) {
                line.append(" (").append(record.getThrown()).append(')');
            }
            return line.append(System.lineSeparator()).toString();
        }
    }
}
