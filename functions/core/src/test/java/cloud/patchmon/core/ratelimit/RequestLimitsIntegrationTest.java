package cloud.patchmon.core.ratelimit;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.storage.TableDesign;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The request limits against DynamoDB Local: one count across containers, tenants apart, tenants' own limits, TTL. */
@ExtendWith(DynamoDbLocalExtension.class)
class RequestLimitsIntegrationTest {

    private static final TenantContext ACME = TenantContext.system(new TenantId("acme"), "test");
    private static final TenantContext GLOBEX = TenantContext.system(new TenantId("globex"), "test");
    private static final RequestLimits.ServerLimits SERVER = new RequestLimits.ServerLimits(
            Limit.of(4, Duration.ofMinutes(10)), Limit.of(3, Duration.ofMinutes(15)),
            new RateLimits(Limit.of(3, Duration.ofMinutes(15)), Limit.of(2, Duration.ofMinutes(1)), RateLimits.PASSWORD_CHANGE));

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:10Z"));
    private StorageSettings table;
    private DynamoDbClient ddb;
    private RequestLimits oneContainer;
    private RequestLimits anotherContainer;

    RequestLimitsIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        oneContainer = new RequestLimits(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock), clock, SERVER);
        anotherContainer = new RequestLimits(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock), clock, SERVER);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static void limited(ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED);
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.retryAfter()).isPositive();
        });
    }

    @Test
    void twoContainersSharingTheTableSeeOneCount() {
        oneContainer.anonymous("192.0.2.1");
        anotherContainer.anonymous("192.0.2.1");
        oneContainer.anonymous("192.0.2.1");

        limited(() -> anotherContainer.anonymous("192.0.2.1"), RequestLimits.GENERAL_REFUSAL);
        limited(() -> oneContainer.anonymous("192.0.2.1"), RequestLimits.GENERAL_REFUSAL);
        anotherContainer.anonymous("192.0.2.2");
    }

    @Test
    void concurrentRequestsNeverPassTheLimit() throws Exception {
        RequestLimits.ServerLimits tenOnly = new RequestLimits.ServerLimits(SERVER.auth(), Limit.of(10, Duration.ofMinutes(15)), SERVER.tenantDefaults());
        List<RequestLimits> containers = List.of(
                new RequestLimits(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock), clock, tenOnly),
                new RequestLimits(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock), clock, tenOnly));
        AtomicInteger allowed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> requests = new java.util.ArrayList<>();
            for (int i = 0; i < 30; i++) {
                RequestLimits container = containers.get(i % 2);
                requests.add(pool.submit(() -> {
                    try {
                        container.anonymous("198.51.100.7");
                        allowed.incrementAndGet();
                    } catch (DomainException refused) {
                        assertThat(refused.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED);
                    }
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed).hasValue(10);
    }

    @Test
    void oneTenantsTrafficNeverLimitsAnotherTenantFromTheSameAddress() {
        for (int i = 0; i < 3; i++) {
            oneContainer.tenantClient(ACME, "203.0.113.5");
        }
        limited(() -> oneContainer.tenantClient(ACME, "203.0.113.5"), RequestLimits.GENERAL_REFUSAL);

        oneContainer.tenantClient(GLOBEX, "203.0.113.5");
        oneContainer.anonymous("203.0.113.5");
        oneContainer.agent(GLOBEX, "host-1");
    }

    @Test
    void agentsAreLimitedPerCredentialWithinTheirTenant() {
        oneContainer.agent(ACME, "host-1");
        anotherContainer.agent(ACME, "host-1");
        limited(() -> oneContainer.agent(ACME, "host-1"), RequestLimits.AGENT_REFUSAL);

        oneContainer.agent(ACME, "host-2");
        oneContainer.agent(GLOBEX, "host-1");
        clock.advance(Duration.ofMinutes(1));
        oneContainer.agent(ACME, "host-1");
    }

    @Test
    void aTenantsOwnLimitsApplyAtOnceWhereSavedAndElsewhereWithinTheCacheTime() {
        RateLimits strict = new RateLimits(Limit.of(1, Duration.ofMinutes(5)), Limit.of(1, Duration.ofMinutes(1)), RateLimits.PASSWORD_CHANGE);
        assertThat(anotherContainer.limits(ACME)).as("read (and cached) before the change").isEqualTo(SERVER.tenantDefaults());

        oneContainer.update(ACME, strict);

        oneContainer.tenantClient(ACME, "203.0.113.9");
        limited(() -> oneContainer.tenantClient(ACME, "203.0.113.9"), RequestLimits.GENERAL_REFUSAL);
        assertThat(oneContainer.limits(GLOBEX)).as("other tenants keep the defaults").isEqualTo(SERVER.tenantDefaults());

        clock.advance(RequestLimits.SETTINGS_TTL);
        assertThat(anotherContainer.limits(ACME)).isEqualTo(strict);
    }

    @Test
    void serverWideAuthLimitCountsPerAddressBeforeAnyTenantIsKnown() {
        for (int i = 0; i < 4; i++) {
            oneContainer.auth("2001:db8::1");
        }
        limited(() -> anotherContainer.auth("2001:db8::1"), RequestLimits.AUTH_REFUSAL);
        oneContainer.auth("2001:db8::2");
        oneContainer.anonymous("2001:db8::1");
    }

    @Test
    void aQuietAgentWritesNoCounterAndABusyOneReachesTheSharedCountInBatches() {
        RequestLimits.ServerLimits defaults = new RequestLimits.ServerLimits(SERVER.auth(), SERVER.anonymous(),
                new RateLimits(SERVER.tenantDefaults().general(), Limit.of(1000, Duration.ofMinutes(1)), RateLimits.PASSWORD_CHANGE));
        RequestLimits container = new RequestLimits(new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock), clock, defaults);
        for (int i = 0; i < 5; i++) {
            container.agent(ACME, "host-1");
        }
        assertThat(ddb.scan(ScanRequest.builder().tableName(table.tableName()).build()).items())
                .as("a check-in every few seconds costs no counter write").isEmpty();

        for (int i = 0; i < 10; i++) {
            container.agent(ACME, "host-1");
        }
        List<Map<String, AttributeValue>> items = ddb.scan(ScanRequest.builder().tableName(table.tableName()).build()).items();
        assertThat(items).singleElement().satisfies(item -> assertThat(item.get("count").n()).isEqualTo("10"));
    }

    @Test
    void everyCounterCarriesATtlAtItsWindowsEnd() {
        oneContainer.anonymous("192.0.2.1");
        oneContainer.agent(ACME, "host-1");

        List<Map<String, AttributeValue>> items = ddb.scan(ScanRequest.builder().tableName(table.tableName()).build()).items();
        assertThat(items).hasSize(2);
        assertThat(items).extracting(item -> item.get(TableDesign.TTL_ATTRIBUTE).n()).containsExactlyInAnyOrder(
                Long.toString(Instant.parse("2026-12-01T10:15:00Z").getEpochSecond()),
                Long.toString(Instant.parse("2026-12-01T10:01:00Z").getEpochSecond()));
        assertThat(items).extracting(item -> item.get("PK").s()).allSatisfy(pk -> assertThat(pk).startsWith("T#"));
    }
}
