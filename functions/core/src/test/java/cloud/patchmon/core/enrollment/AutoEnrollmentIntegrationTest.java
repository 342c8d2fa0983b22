package cloud.patchmon.core.enrollment;

import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.Host;
import cloud.patchmon.core.hosts.HostGroup;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostRepository;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class AutoEnrollmentIntegrationTest {

    private static final String PROXMOX_IP = "192.168.1.10";

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T22:00:00Z"));
    private DynamoDbClient ddb;
    private EnrollmentTokenService tokens;
    private AutoEnrollmentService enrolment;
    private DynamoItemStore store;
    private HostService hosts;
    private HostGroupService groups;
    private HostRepository hostRepository;
    private AuthenticatedUser acme;
    private AuthenticatedUser rival;

    AutoEnrollmentIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        IdentityFixture identity = new IdentityFixture(store, clock);
        hosts = new HostService(store, identity.hasher, clock);
        groups = new HostGroupService(store, clock);
        hostRepository = new HostRepository(store);
        tokens = new EnrollmentTokenService(store, clock);
        enrolment = new AutoEnrollmentService(store, hosts, limit(20), clock);
        acme = identity.signup("Acme");
        rival = identity.signup("Rival");
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static AuthSettings limit(int failuresPerWindow) {
        return new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(7), 5, Duration.ofMinutes(15), 4, failuresPerWindow, Duration.ofMinutes(15));
    }

    private EnrollmentTokenService.Created token(AuthenticatedUser owner, Integer max, String groupId, List<String> ranges, String expiresAt) {
        return tokens.create(owner.context(), owner.user().id(), new EnrollmentTokenService.NewToken("Proxmox Production", max, groupId, ranges,
                expiresAt, Map.of("integration_type", "proxmox-lxc"), null));
    }

    private static AutoEnrollmentService.Enrollment host(String name) {
        return new AutoEnrollmentService.Enrollment(name, "proxmox-lxc-100-" + name, Map.of("vmid", "100"));
    }

    @Test
    void aTokenIsCreatedWithAKeyAndASecretStoredOnlyAsAHash() {
        HostGroup lxc = groups.create(acme.context(), "Proxmox LXC", null, null);

        EnrollmentTokenService.Created created = token(acme, null, lxc.id(), List.of("192.168.1.0/24"), "2027-01-01T00:00:00Z");

        EnrollmentToken token = created.details().token();
        assertThat(token.tokenKey()).matches("patchmon_ae_[0-9a-f]{32}");
        assertThat(created.secret()).matches("[0-9a-f]{64}");
        assertThat(token.secretHash()).doesNotContain(created.secret()).isEqualTo(cloud.patchmon.core.auth.Tokens.sha256(created.secret()));
        assertThat(token.maxHostsPerDay()).isEqualTo(100);
        assertThat(token.isActive()).isTrue();
        assertThat(created.details().defaultHostGroup().name()).isEqualTo("Proxmox LXC");
        assertThat(created.details().createdBy().id()).isEqualTo(acme.user().id());
        assertThat(tokens.get(acme.context(), token.id()).token()).isEqualTo(token);
    }

    @Test
    void aTokenEnrolsPendingHostsIntoItsOwnTenantAndDefaultGroup() {
        HostGroup lxc = groups.create(acme.context(), "Proxmox LXC", null, null);
        EnrollmentTokenService.Created created = token(acme, 5, lxc.id(), List.of(), null);

        AutoEnrollmentService.AuthenticatedToken auth = enrolment.authenticate(created.details().token().tokenKey(), created.secret(), PROXMOX_IP);
        AutoEnrollmentService.Enrolled enrolled = enrolment.enroll(auth, host("webserver"));

        Host host = enrolled.credentials().host();
        assertThat(auth.context().tenantId()).isEqualTo(acme.tenantId());
        assertThat(host.status()).isEqualTo("pending");
        assertThat(host.groupIds()).containsExactly(lxc.id());
        assertThat(host.notes()).isEqualTo("Auto-enrolled via Proxmox Production on 2026-11-24T22:00:00Z (machine ID proxmox-lxc-100-webserver)");
        assertThat(enrolled.group().id()).isEqualTo(lxc.id());
        assertThat(hosts.list(acme.context(), new HostService.Filter(null, null, null, null, false))).extracting(l -> l.host().friendlyName()).containsExactly("webserver");
        assertThat(hosts.list(rival.context(), new HostService.Filter(null, null, null, null, false))).isEmpty();
        assertThat(hostRepository.apiId(host.apiId()).orElseThrow().tenantId()).isEqualTo(acme.tenantId());
        EnrollmentTokenService.TokenDetails details = tokens.get(acme.context(), created.details().token().id());
        assertThat(details.hostsCreatedToday()).isEqualTo(1);
        assertThat(details.lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void theChecksRefuseInTheSpecsOrderAndWords() {
        EnrollmentTokenService.Created created = token(acme, 5, null, List.of("10.0.0.0/24"), "2026-11-25T00:00:00Z");
        String key = created.details().token().tokenKey();

        assertRefused(() -> enrolment.authenticate(null, created.secret(), "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Auto-enrollment credentials required");
        assertRefused(() -> enrolment.authenticate(key, " ", "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Auto-enrollment credentials required");
        assertRefused(() -> enrolment.authenticate("patchmon_ae_" + "0".repeat(32), created.secret(), "10.0.0.1"),
                DomainException.Kind.UNAUTHENTICATED, "Invalid or inactive token");
        assertRefused(() -> enrolment.authenticate(key, created.secret() + "x", "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid token secret");
        assertRefused(() -> enrolment.authenticate(key, created.secret(), "10.0.1.1"), DomainException.Kind.FORBIDDEN,
                "IP address not authorized for this token");
        assertThat(enrolment.authenticate(key, created.secret(), "::ffff:10.0.0.9").token().id()).isEqualTo(created.details().token().id());

        clock.advance(Duration.ofHours(2));
        assertRefused(() -> enrolment.authenticate(key, created.secret(), "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Token expired");
        assertRefused(() -> enrolment.verify(key, created.secret(), "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Token expired");

        tokens.update(acme.context(), created.details().token().id(), new EnrollmentTokenService.Changes(null, false, null, null, null, "", null));
        assertRefused(() -> enrolment.authenticate(key, created.secret(), "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid or inactive token");
        tokens.update(acme.context(), created.details().token().id(), new EnrollmentTokenService.Changes(null, true, null, null, null, null, null));
        assertThat(enrolment.authenticate(key, created.secret(), "10.0.0.1").token().isActive()).isTrue();

        tokens.delete(acme.context(), created.details().token().id());
        assertRefused(() -> enrolment.authenticate(key, created.secret(), "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid or inactive token");
    }

    @Test
    void repeatedBadCredentialsFromOneAddressAreThrottledButGoodOnesAreNot() {
        AutoEnrollmentService strict = new AutoEnrollmentService(store, hosts, limit(2), clock);
        EnrollmentTokenService.Created created = token(acme, 5, null, List.of("10.0.0.0/24"), null);
        String key = created.details().token().tokenKey();
        for (int i = 0; i < 5; i++) {
            assertThat(strict.authenticate(key, created.secret(), "10.0.0.1").token().id()).isEqualTo(created.details().token().id());
        }

        assertRefused(() -> strict.authenticate(key, "wrong", "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid token secret");
        assertRefused(() -> strict.authenticate(key, created.secret(), "10.0.1.1"), DomainException.Kind.FORBIDDEN,
                "IP address not authorized for this token");
        assertRefused(() -> strict.authenticate(key, "wrong", "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid token secret");
        assertRefused(() -> strict.verify(key, "wrong", "10.0.0.1"), DomainException.Kind.RATE_LIMITED,
                "Too many authentication attempts, please try again later.");
        assertRefused(() -> strict.authenticate(key, "wrong", "10.0.0.2"), DomainException.Kind.UNAUTHENTICATED, "Invalid token secret");
        assertThat(strict.authenticate(key, created.secret(), "10.0.0.1").token().id()).isEqualTo(created.details().token().id());
        clock.advance(Duration.ofMinutes(15));
        assertRefused(() -> strict.authenticate(key, "wrong", "10.0.0.1"), DomainException.Kind.UNAUTHENTICATED, "Invalid token secret");
    }

    @Test
    void theDailyLimitHoldsUntilTheNextUtcDayThenRestarts() {
        EnrollmentTokenService.Created created = token(acme, 2, null, List.of(), null);
        AutoEnrollmentService.AuthenticatedToken auth = enrolment.authenticate(created.details().token().tokenKey(), created.secret(), PROXMOX_IP);
        enrolment.enroll(auth, host("a"));
        enrolment.enroll(auth, host("b"));

        assertThatThrownBy(() -> enrolment.enroll(auth, host("c")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED);
                    assertThat(e.getMessage()).isEqualTo("Rate limit exceeded");
                    assertThat(e.detail()).isEqualTo("Maximum 2 hosts per day allowed for this token");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(2));
                });
        assertThat(hosts.list(acme.context(), new HostService.Filter(null, null, null, null, false))).hasSize(2);
        assertThat(tokens.get(acme.context(), created.details().token().id()).hostsCreatedToday()).isEqualTo(2);

        clock.advance(Duration.ofHours(2));
        assertThat(tokens.get(acme.context(), created.details().token().id()).hostsCreatedToday()).isZero();
        enrolment.enroll(auth, host("c"));
        enrolment.enroll(auth, host("d"));
        assertThatThrownBy(() -> enrolment.enroll(auth, host("e"))).isInstanceOf(DomainException.class);
        assertThat(tokens.list(acme.context()).get(0).hostsCreatedToday()).isEqualTo(2);
        assertThat(hosts.list(acme.context(), new HostService.Filter(null, null, null, null, false))).hasSize(4);
    }

    @Test
    void concurrentEnrolmentsNeverPassTheLimit() throws Exception {
        EnrollmentTokenService.Created created = token(acme, 3, null, List.of(), null);
        AutoEnrollmentService.AuthenticatedToken auth = enrolment.authenticate(created.details().token().tokenKey(), created.secret(), PROXMOX_IP);
        List<Thread> threads = new ArrayList<>();
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        IntStream.range(0, 8).forEach(i -> threads.add(new Thread(() -> {
            try {
                outcomes.add(enrolment.enroll(auth, host("h" + i)));
            } catch (DomainException e) {
                outcomes.add(e.kind());
            }
        })));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }

        assertThat(outcomes).filteredOn(o -> o == DomainException.Kind.RATE_LIMITED).hasSize(5);
        assertThat(hosts.list(acme.context(), new HostService.Filter(null, null, null, null, false))).hasSize(3);
    }

    @Test
    void bulkEnrolmentFailsBadEntriesAloneAndNeedsRoomForTheRest() {
        EnrollmentTokenService.Created created = token(acme, 4, null, List.of(), null);
        AutoEnrollmentService.AuthenticatedToken auth = enrolment.authenticate(created.details().token().tokenKey(), created.secret(), PROXMOX_IP);

        AutoEnrollmentService.BulkResult result = enrolment.enrollBulk(auth, List.of(host("web"), host(" "), host("db")));

        assertThat(result.success()).extracting(e -> e.credentials().host().friendlyName()).containsExactly("web", "db");
        assertThat(result.failed()).extracting(AutoEnrollmentService.Failure::error).containsExactly("Friendly name is required (max 255 characters)");
        assertThat(result.skipped()).isEmpty();
        assertThatThrownBy(() -> enrolment.enrollBulk(auth, List.of(host("x"), host("y"), host("z"))))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.detail()).isEqualTo("Only 2 hosts remaining in daily quota"));
        assertThatThrownBy(() -> enrolment.enrollBulk(auth, List.of())).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION));
        assertThatThrownBy(() -> enrolment.enrollBulk(auth, IntStream.range(0, 51).mapToObj(i -> host("n" + i)).toList()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.VALIDATION));
        assertThat(hosts.list(acme.context(), new HostService.Filter(null, null, null, null, false))).hasSize(2);
        assertThat(tokens.get(acme.context(), created.details().token().id()).hostsCreatedToday()).isEqualTo(2);
    }

    @Test
    void aDeletedDefaultGroupIsDroppedAtEnrolment() {
        HostGroup gone = groups.create(acme.context(), "Gone", null, null);
        EnrollmentTokenService.Created created = token(acme, 5, gone.id(), List.of(), null);
        groups.delete(acme.context(), gone.id());
        AutoEnrollmentService.AuthenticatedToken auth = enrolment.authenticate(created.details().token().tokenKey(), created.secret(), PROXMOX_IP);

        AutoEnrollmentService.Enrolled enrolled = enrolment.enroll(auth, host("web"));

        assertThat(enrolled.group()).isNull();
        assertThat(enrolled.credentials().host().groupIds()).isEmpty();
    }

    @Test
    void tokensAreConfinedToTheirTenant() {
        HostGroup rivalGroup = groups.create(rival.context(), "Theirs", null, null);
        EnrollmentTokenService.Created created = token(acme, 5, null, List.of(), null);
        String id = created.details().token().id();

        assertRefused(() -> tokens.get(rival.context(), id), DomainException.Kind.NOT_FOUND, "Auto-enrollment token not found");
        assertRefused(() -> tokens.update(rival.context(), id, new EnrollmentTokenService.Changes("x", null, null, null, null, null, null)),
                DomainException.Kind.NOT_FOUND, "Auto-enrollment token not found");
        assertRefused(() -> tokens.delete(rival.context(), id), DomainException.Kind.NOT_FOUND, "Auto-enrollment token not found");
        assertRefused(() -> token(acme, 5, rivalGroup.id(), List.of(), null), DomainException.Kind.BAD_REQUEST, "Host group not found");
        assertRefused(() -> tokens.update(acme.context(), id, new EnrollmentTokenService.Changes(null, null, null, null, rivalGroup.id(), null, null)),
                DomainException.Kind.BAD_REQUEST, "Host group not found");
        assertThat(tokens.list(rival.context())).isEmpty();
        assertThat(tokens.list(acme.context())).hasSize(1);
    }

    @Test
    void badFieldsAreRefusedTogetherAndCreateNothing() {
        assertThatThrownBy(() -> tokens.create(acme.context(), acme.user().id(), new EnrollmentTokenService.NewToken(" ", 0, null,
                List.of("10.0.0.0/33"), "next tuesday", Map.of("integration_type", "ftp"), null)))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.violations()).extracting(DomainException.FieldViolation::param)
                        .containsExactly("token_name", "max_hosts_per_day", "allowed_ip_ranges", "expires_at", "metadata.integration_type"));
        assertRefused(() -> tokens.create(acme.context(), acme.user().id(), new EnrollmentTokenService.NewToken("x", 1001, null, null, null, null, null)),
                DomainException.Kind.VALIDATION, "Validation failed");
        assertRefused(() -> tokens.create(acme.context(), acme.user().id(), new EnrollmentTokenService.NewToken("x", null, null, null, null,
                Map.of("integration_type", "proxmox-lxc"), Map.of("hosts", "read"))), DomainException.Kind.BAD_REQUEST,
                "Scopes can only be set on API integration type tokens");
        assertThat(tokens.list(acme.context())).isEmpty();
    }

    @Test
    void updatesChangeOnlyTheNamedFields() {
        HostGroup lxc = groups.create(acme.context(), "Proxmox LXC", null, null);
        EnrollmentTokenService.Created created = token(acme, 100, lxc.id(), List.of("192.168.1.10"), "2027-01-01");
        String id = created.details().token().id();

        EnrollmentTokenService.TokenDetails updated = tokens.update(acme.context(), id,
                new EnrollmentTokenService.Changes(null, false, 200, List.of("192.168.1.0/24"), "", null, null));

        assertThat(updated.token().isActive()).isFalse();
        assertThat(updated.token().maxHostsPerDay()).isEqualTo(200);
        assertThat(updated.token().allowedIpRanges()).containsExactly("192.168.1.0/24");
        assertThat(updated.token().defaultHostGroupId()).isNull();
        assertThat(updated.token().tokenName()).isEqualTo("Proxmox Production");
        assertThat(updated.token().expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(updated.token().secretHash()).isEqualTo(created.details().token().secretHash());
    }

    private static void assertRefused(Runnable call, DomainException.Kind kind, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
