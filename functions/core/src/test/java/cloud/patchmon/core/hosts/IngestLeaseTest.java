package cloud.patchmon.core.hosts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class IngestLeaseTest {

    private final Instant now = Instant.parse("2026-11-24T10:00:00.123456Z");

    @Test
    void aTokenCarriesItsExpiryInEpochMillisAndAUniqueId() {
        IngestLease lease = IngestLease.startingAt(now);

        assertThat(lease.token()).matches(Instant.parse("2026-11-24T10:01:00.123Z").toEpochMilli() + ":[0-9a-f-]{36}");
        assertThat(IngestLease.startingAt(now).token()).isNotEqualTo(lease.token());
    }

    @Test
    void aLeaseHoldsUntilItsExpiryAndAMissingOrForeignTokenHoldsNothing() {
        String token = IngestLease.startingAt(now).token();

        assertThat(IngestLease.admits(token, now)).isFalse();
        assertThat(IngestLease.admits(token, now.plus(Duration.ofSeconds(59)))).isFalse();
        assertThat(IngestLease.admits(token, now.plus(IngestLease.TERM).minusNanos(123_456))).isTrue();
        assertThat(IngestLease.admits(null, now)).isTrue();
        assertThat(IngestLease.admits("not-a-lease", now)).isTrue();
        assertThat(IngestLease.admits("soon:abc", now)).isTrue();
    }
}
