package cloud.patchmon.agent.system;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MemInfoTest {

    @Test
    void kernelsBeforeMemAvailableCountFreeBuffersAndCacheAsAvailable() {
        MemInfo.Memory memory = MemInfo.parse(List.of(
                "MemTotal:        2054444 kB",
                "MemFree:          301112 kB",
                "Buffers:          112000 kB",
                "Cached:           900000 kB",
                "SwapTotal:       1048572 kB",
                "SwapFree:         524286 kB")).orElseThrow();

        assertThat(memory.availableKib()).isEqualTo(301112 + 112000 + 900000);
        assertThat(memory.usedKib()).isEqualTo(2054444 - 1313112);
        assertThat(memory.swapUsedKib()).isEqualTo(524286);
    }

    @Test
    void availableNeverExceedsTotal() {
        MemInfo.Memory memory = MemInfo.parse(List.of("MemTotal: 1000 kB", "MemAvailable: 1200 kB")).orElseThrow();

        assertThat(memory.usedKib()).isZero();
        assertThat(memory.swapTotalKib()).isZero();
    }

    @Test
    void noMemTotalMeansUnknown() {
        assertThat(MemInfo.parse(List.of("SwapTotal: 0 kB", "garbage"))).isEmpty();
    }
}
