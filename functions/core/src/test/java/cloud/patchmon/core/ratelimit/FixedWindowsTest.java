package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The window rules against a fake clock: alignment, the limit, the reset, Retry-After, refusals that cost nothing. */
class FixedWindowsTest {

    private static final TenantContext CTX = TenantContext.system(new TenantId("acme"), "test");
    // 10:07:30 is 7.5 minutes into the 10:00-10:15 window.
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:07:30Z"));
    private final CounterOnlyStore store = new CounterOnlyStore(clock);
    private final FixedWindows windows = new FixedWindows(store, clock);
    private final Limit threePer15Minutes = Limit.of(3, Duration.ofMinutes(15));

    @Test
    void theLimitAllowsExactlyMaxRequestsPerWindowThenRefusesUntilItsEnd() {
        for (int i = 1; i <= 3; i++) {
            assertThat(windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes).allowed()).as("request " + i).isTrue();
        }
        FixedWindows.Outcome refused = windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.windowEnd()).isEqualTo(Instant.parse("2026-12-01T10:15:00Z"));
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(450));
    }

    @Test
    void windowsAreAlignedSoANewOneStartsAtTheBoundaryWithAFreshCount() {
        for (int i = 0; i < 4; i++) {
            windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes);
        }
        clock.advance(Duration.ofSeconds(449));
        assertThat(windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes).allowed()).as("one second before the end").isFalse();

        clock.advance(Duration.ofSeconds(1));
        FixedWindows.Outcome first = windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes);
        assertThat(first.allowed()).isTrue();
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.windowEnd()).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
    }

    @Test
    void refusedRequestsAreAnsweredFromMemoryWithoutAStoreWrite() {
        for (int i = 0; i < 4; i++) {
            windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes);
        }
        assertThat(store.increments).isEqualTo(4);

        for (int i = 0; i < 100; i++) {
            assertThat(windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes).allowed()).isFalse();
        }
        assertThat(store.increments).as("a flood costs nothing more once refused").isEqualTo(4);

        clock.advance(Duration.ofMinutes(8));
        assertThat(windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes).allowed()).as("the memory ends with the window").isTrue();
        assertThat(store.increments).isEqualTo(5);
    }

    @Test
    void countersAreSeparatePerSubjectAndPerWindowLength() {
        for (int i = 0; i < 4; i++) {
            windows.hit(CTX, "RATE#ip#192.0.2.1", "W", threePer15Minutes);
        }
        assertThat(windows.hit(CTX, "RATE#ip#192.0.2.2", "W", threePer15Minutes).allowed()).isTrue();
        assertThat(windows.hit(CTX, "RATE#ip#192.0.2.1", "W", Limit.of(3, Duration.ofMinutes(1))).allowed())
                .as("a one-minute window has its own counter").isTrue();
    }

    @Test
    void theRememberedRefusalsAreBounded() {
        FixedWindows small = new FixedWindows(store, clock, 2);
        Limit one = Limit.of(1, Duration.ofMinutes(15));
        for (String ip : new String[]{"a", "b", "c"}) {
            small.hit(CTX, "RATE#ip#" + ip, "W", one);
            small.hit(CTX, "RATE#ip#" + ip, "W", one);
        }
        int before = store.increments;
        assertThat(small.hit(CTX, "RATE#ip#a", "W", one).allowed()).as("forgotten, asked again, still refused").isFalse();
        assertThat(store.increments).isEqualTo(before + 1);
        assertThat(small.hit(CTX, "RATE#ip#c", "W", one).allowed()).isFalse();
        assertThat(store.increments).as("remembered").isEqualTo(before + 1);
    }

    @Test
    void batchedCountingWritesOncePerBatchAndNeverForAQuietSubject() {
        Limit agent = Limit.of(1000, Duration.ofMinutes(1));
        for (int i = 1; i <= 9; i++) {
            assertThat(windows.hitBatched(CTX, "RATE#agent#h1", "W", agent).allowed()).isTrue();
        }
        assertThat(store.increments).as("nine requests of a 1,000-per-minute limit stay in this container").isZero();

        FixedWindows.Outcome tenth = windows.hitBatched(CTX, "RATE#agent#h1", "W", agent);
        assertThat(store.increments).as("the tenth adds the batch in one increment").isEqualTo(1);
        assertThat(tenth.count()).as("the shared count").isEqualTo(10);

        clock.advance(Duration.ofMinutes(1));
        FixedWindows.Outcome next = windows.hitBatched(CTX, "RATE#agent#h1", "W", agent);
        assertThat(next.count()).as("a new window starts a new tally").isEqualTo(1);
        assertThat(store.increments).isEqualTo(1);
    }

    @Test
    void batchedCountingRefusesOnceTheSharedCountPassesTheLimitWithinOneBatchPerContainer() {
        Limit agent = Limit.of(1000, Duration.ofMinutes(1));
        FixedWindows other = new FixedWindows(store, clock);
        int allowed = 0;
        for (int i = 0; i < 1100; i++) {
            FixedWindows container = i % 2 == 0 ? windows : other;
            if (container.hitBatched(CTX, "RATE#agent#h1", "W", agent).allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).as("two containers: at most one batch each past the limit").isBetween(1000, 1000 + 2 * 9);
        FixedWindows.Outcome refused = windows.hitBatched(CTX, "RATE#agent#h1", "W", agent);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void batchedCountingIsExactForSmallLimits() {
        for (int i = 1; i <= 3; i++) {
            assertThat(windows.hitBatched(CTX, "RATE#agent#h2", "W", threePer15Minutes).allowed()).as("request " + i).isTrue();
        }
        assertThat(windows.hitBatched(CTX, "RATE#agent#h2", "W", threePer15Minutes).allowed()).isFalse();
        assertThat(store.increments).isEqualTo(4);
    }

    @Test
    void limitsOutsideTheirRangeAreRefused() {
        assertThatThrownBy(() -> Limit.of(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(Limit.MAX_REQUESTS + 1, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(5, Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limit.of(5, Duration.ofDays(1).plusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Limit.of(5, Duration.ofDays(1)).max()).isEqualTo(5);
    }
}
