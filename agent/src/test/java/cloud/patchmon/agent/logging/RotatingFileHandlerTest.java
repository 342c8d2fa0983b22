package cloud.patchmon.agent.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingFileHandlerTest {

    @TempDir
    Path dir;

    @Test
    void theLiveFileKeepsItsNameAndOldOnesShiftUpToTheLimit() throws IOException {
        Path log = dir.resolve("logs/patchmon-agent.log");
        RotatingFileHandler handler = new RotatingFileHandler(log, 200, 2);
        handler.setFormatter(new AgentLogging.LineFormatter());
        for (int i = 0; i < 20; i++) {
            handler.publish(new LogRecord(Level.INFO, "line number " + i + " with some padding to fill the file"));
        }
        handler.close();

        assertThat(log).exists();
        assertThat(Files.size(log)).isLessThanOrEqualTo(200);
        assertThat(dir.resolve("logs/patchmon-agent.log.1")).exists();
        assertThat(dir.resolve("logs/patchmon-agent.log.2")).exists();
        assertThat(dir.resolve("logs/patchmon-agent.log.3")).as("only two old files are kept").doesNotExist();
        assertThat(Files.readString(log)).contains("line number 19").doesNotContain("line number 0 ");
        assertThat(Files.readString(dir.resolve("logs/patchmon-agent.log.1"))).doesNotContain("line number 19");
        assertThat(Files.readAllLines(log)).allMatch(line -> line.matches("\\d{4}-\\d\\d-\\d\\dT.*Z INFO  line number \\d+ .*"));
    }

    @Test
    void aRestartAppendsToTheExistingFile() throws IOException {
        Path log = dir.resolve("patchmon-agent.log");
        for (String message : new String[] {"first run", "second run"}) {
            RotatingFileHandler handler = new RotatingFileHandler(log, 10_000, 5);
            handler.setFormatter(new AgentLogging.LineFormatter());
            handler.publish(new LogRecord(Level.WARNING, message));
            handler.close();
        }
        assertThat(Files.readAllLines(log)).hasSize(2).satisfiesExactly(
                first -> assertThat(first).endsWith("WARN  first run"),
                second -> assertThat(second).endsWith("WARN  second run"));
    }
}
