package cloud.patchmon.agent.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KernelVersionOrderTest {

    private final KernelVersionOrder order = new KernelVersionOrder();

    @ParameterizedTest
    @CsvSource({
            "6.1.0-18-amd64, 6.1.0-9-amd64",
            "6.8.0-100-generic, 6.8.0-45-generic",
            "5.14.0-427.13.1.el9_4.x86_64, 5.14.0-362.24.1.el9_3.x86_64",
            "5.14.0-362.24.1.el9_3.x86_64, 5.14.0-362.el9.x86_64",
            "6.10.2-arch1-1, 6.9.12-arch1-1",
            "6.6.62-0-lts, 6.6.58-0-lts",
            "4.18.0-553.el8_10.x86_64, 4.18.0-513.24.1.el8_9.x86_64",
            "6.1.0-10-amd64, 6.1.0-010",
    })
    void newerComesAfterOlder(String newer, String older) {
        assertThat(order.compare(newer, older)).isPositive();
        assertThat(order.compare(older, newer)).isNegative();
    }

    @Test
    void equalReleasesCompareEqualEvenWithLeadingZeros() {
        assertThat(order.compare("6.1.0-18-amd64", "6.1.0-18-amd64")).isZero();
        assertThat(order.compare("5.4.07", "5.4.7")).isZero();
    }

    @Test
    void digitRunsLongerThanALongStillCompareAsNumbers() {
        assertThat(order.compare("1.20240101123456789012", "1.9")).isPositive();
    }

    @ParameterizedTest
    @CsvSource({
            "6.1.0-18-amd64, amd64",
            "6.1.0-18-cloud-amd64, cloud-amd64",
            "6.8.0-45-generic, generic",
            "6.6.58-0-lts, lts",
            "5.14.0-427.13.1.el9_4.x86_64+debug, +debug",
            "5.14.0-427.13.1.el9_4.x86_64, ''",
            "6.10.2-arch1-1, ''",
    })
    void flavourIsWhatTellsKernelLinesApart(String release, String flavour) {
        assertThat(KernelVersionOrder.flavour(release)).isEqualTo(flavour);
    }

    @Test
    void newestPrefersTheRunningFlavourAndFallsBackToAllWhenNoneShareIt() {
        Set<String> installed = Set.of("6.1.0-18-amd64", "6.1.0-20-rt-amd64", "6.1.0-17-amd64");

        assertThat(KernelVersions.newest(installed, "6.1.0-17-amd64")).isEqualTo("6.1.0-18-amd64");
        assertThat(KernelVersions.newest(installed, "6.1.0-17-rt-amd64")).isEqualTo("6.1.0-20-rt-amd64");
        assertThat(KernelVersions.newest(installed, "6.18.44-fc-v857")).isEqualTo("6.1.0-20-rt-amd64");
        assertThat(KernelVersions.newest(Set.of(), "6.1.0-17-amd64")).isNull();
    }
}
