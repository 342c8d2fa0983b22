package cloud.patchmon.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalSettingsTest {

    @Test
    void defaultsToPort8080AndADataDirInTheWorkingDirectory() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of());

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.dataDir()).isEqualTo(Path.of(".patchmon-data").toAbsolutePath().normalize());
    }

    @Test
    void readsPortAndDataDirFromTheEnvironment() {
        LocalSettings settings = LocalSettings.fromEnvironment(Map.of("PATCHMON_PORT", "9090", "PATCHMON_DATA_DIR", "/var/tmp/pm"));

        assertThat(settings.port()).isEqualTo(9090);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/tmp/pm"));
    }

    @Test
    void refusesAPortThatIsNotANumberOrOutOfRange() {
        assertThatThrownBy(() -> LocalSettings.fromEnvironment(Map.of("PATCHMON_PORT", "eighty")))
                .hasMessageContaining("PATCHMON_PORT");
        assertThatThrownBy(() -> LocalSettings.fromEnvironment(Map.of("PATCHMON_PORT", "70000")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
