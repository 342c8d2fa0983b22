package cloud.patchmon.core.storage;

import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.TableDesign.Index;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class DynamoItemStoreIntegrationTest {

    record Host(String id, String friendlyName, int packages, Instant lastUpdate) {
    }

    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final DynamoDbLocal dynamo;
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient client;
    private DynamoItemStore store;
    private final TenantContext alice = TenantContext.system(new TenantId("tenant-a"), "test");
    private final TenantContext bob = TenantContext.system(new TenantId("tenant-b"), "test");

    DynamoItemStoreIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    private StorageSettings settings;

    private String tableNameOf() {
        return settings.tableName();
    }

    @BeforeEach
    void setUp() {
        settings = dynamo.newTable();
        client = dynamo.client(settings, meter);
        store = new DynamoItemStore(client, settings.tableName(), Json.newMapper(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    private static Item<Host> host(TenantContext ctx, String id, String name) {
        return Item.of(ItemKey.of(ctx, "HOSTS", "HOST#" + id), "host", new Host(id, name, 12, NOW));
    }

    @Test
    void roundTripsARecordThroughTheTable() {
        store.put(alice, host(alice, "h1", "web-01"));

        Optional<Host> read = store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#h1"), Host.class);

        assertThat(read).contains(new Host("h1", "web-01", 12, NOW));
    }

    @Test
    void anotherTenantNeverSeesTheItemUnderTheSameLogicalKey() {
        store.put(alice, host(alice, "h1", "web-01"));

        assertThat(store.get(bob, ItemKey.of(bob, "HOSTS", "HOST#h1"), Host.class)).isEmpty();
        assertThat(store.query(bob, QuerySpec.partition("HOSTS"), Host.class).items()).isEmpty();
        assertThat(store.delete(bob, ItemKey.of(bob, "HOSTS", "HOST#h1"))).isFalse();
        assertThat(store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#h1"), Host.class)).isPresent();
    }

    @Test
    void refusesKeysOfAnotherTenantOnEveryOperation() {
        ItemKey alicesKey = ItemKey.of(alice, "HOSTS", "HOST#h1");
        store.put(alice, host(alice, "h1", "web-01"));

        assertThatThrownBy(() -> store.get(bob, alicesKey, Host.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(bob, alicesKey)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(bob, host(alice, "h1", "stolen"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(bob, host(bob, "h2", "x").withIndex(Index.GSI1, ItemKey.of(alice, "BYNAME", "x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.transact(bob, List.of(new Write.Delete(alicesKey, false))))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.get(alice, alicesKey, Host.class)).map(Host::friendlyName).contains("web-01");
    }

    @Test
    void pagesThroughAPartitionWithOpaqueCursors() {
        for (int i = 0; i < 7; i++) {
            store.put(alice, host(alice, "h" + i, "host-" + i));
        }
        store.put(alice, Item.of(ItemKey.of(alice, "HOSTS", "NOTE#1"), "note", new Host("n", "note", 0, NOW)));

        List<String> seen = new ArrayList<>();
        QuerySpec spec = QuerySpec.partition("HOSTS").sortBeginsWith("HOST#").limit(3);
        Page<Host> page = store.query(alice, spec, Host.class);
        seen.addAll(page.items().stream().map(Host::id).toList());
        while (page.nextCursor().isPresent()) {
            page = store.query(alice, spec.after(page.nextCursor().get()), Host.class);
            seen.addAll(page.items().stream().map(Host::id).toList());
        }

        assertThat(seen).containsExactly("h0", "h1", "h2", "h3", "h4", "h5", "h6");
    }

    @Test
    void rejectsCursorsThatAreForgedOrIssuedToAnotherTenant() {
        for (int i = 0; i < 3; i++) {
            store.put(alice, host(alice, "h" + i, "host-" + i));
            store.put(bob, host(bob, "h" + i, "host-" + i));
        }
        String alicesCursor = store.query(alice, QuerySpec.partition("HOSTS").limit(1), Host.class).nextCursor().orElseThrow();

        assertThatThrownBy(() -> store.query(bob, QuerySpec.partition("HOSTS").limit(1).after(alicesCursor), Host.class))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> store.query(alice, QuerySpec.partition("OTHER").after(alicesCursor), Host.class))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> store.query(alice, QuerySpec.partition("HOSTS").after("not*base64"), Host.class))
                .isInstanceOf(InvalidCursorException.class);
        assertThatThrownBy(() -> store.query(alice, QuerySpec.partition("HOSTS").after("eyJhIjoxfQ"), Host.class))
                .isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void queriesASecondaryIndexInsideTheTenant() {
        store.put(alice, host(alice, "h1", "web-01").withIndex(Index.GSI1, ItemKey.of(alice, "HOSTNAME", "web-01")));
        store.put(bob, host(bob, "h9", "web-01").withIndex(Index.GSI1, ItemKey.of(bob, "HOSTNAME", "web-01")));

        Page<Host> found = store.query(alice, QuerySpec.index(Index.GSI1, "HOSTNAME").sortBeginsWith("web-"), Host.class);

        assertThat(found.items()).extracting(Host::id).containsExactly("h1");
    }

    @Test
    void putIfAbsentKeepsTheFirstWriter() {
        assertThat(store.putIfAbsent(alice, host(alice, "h1", "first"))).isTrue();
        assertThat(store.putIfAbsent(alice, host(alice, "h1", "second"))).isFalse();

        assertThat(store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#h1"), Host.class)).map(Host::friendlyName).contains("first");
    }

    @Test
    void expiredItemsAreInvisibleBeforeTheTtlSweep() {
        store.put(alice, host(alice, "old", "old").expiringAt(NOW.minusSeconds(1)));
        store.put(alice, host(alice, "new", "new").expiringAt(NOW.plusSeconds(60)));

        assertThat(store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#old"), Host.class)).isEmpty();
        assertThat(store.query(alice, QuerySpec.partition("HOSTS"), Host.class).items()).extracting(Host::id).containsExactly("new");
    }

    @Test
    void aTransactionWithOneFailedConditionWritesNothing() {
        store.put(alice, host(alice, "taken", "taken"));

        assertThatThrownBy(() -> store.transact(alice, List.of(
                new Write.Put(host(alice, "fresh", "fresh"), true),
                new Write.Put(host(alice, "taken", "again"), true))))
                .isInstanceOf(ConditionFailedException.class);

        assertThat(store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#fresh"), Host.class)).isEmpty();
        assertThat(store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#taken"), Host.class)).map(Host::friendlyName).contains("taken");
    }

    @Test
    void aTransactionAppliesAllWrites() {
        store.put(alice, host(alice, "gone", "gone"));

        store.transact(alice, List.of(new Write.Put(host(alice, "n1", "n1"), true), new Write.Delete(ItemKey.of(alice, "HOSTS", "HOST#gone"), true)));

        assertThat(store.query(alice, QuerySpec.partition("HOSTS"), Host.class).items()).extracting(Host::id).containsExactly("n1");
    }

    @Test
    void refusesValuesThatWouldOverwriteKeyAttributes() {
        record Sneaky(String PK) {
        }
        assertThatThrownBy(() -> store.put(alice, Item.of(ItemKey.of(alice, "X", "1"), "x", new Sneaky("T#tenant-b#X"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metersTheCapacityEachScopeConsumes() {
        CapacityMeter.Tally small;
        try (CapacityMeter.Scope scope = meter.open()) {
            store.put(alice, host(alice, "h1", "web-01"));
            store.get(alice, ItemKey.of(alice, "HOSTS", "HOST#h1"), Host.class);
            small = scope.tally();
        }
        CapacityMeter.Tally large;
        try (CapacityMeter.Scope scope = meter.open()) {
            store.put(alice, host(alice, "h2", "x".repeat(3000)));
            large = scope.tally();
        }

        assertThat(small.calls()).isEqualTo(2);
        assertThat(small.writeUnits()).isEqualTo(1.0);
        assertThat(small.readUnits()).isEqualTo(1.0);
        assertThat(large.writeUnits()).isGreaterThanOrEqualTo(3.0);
        assertThat(large.readUnits()).isZero();
    }

    @Test
    void nestedScopesCountIntoTheirParent() {
        try (CapacityMeter.Scope outer = meter.open()) {
            try (CapacityMeter.Scope inner = meter.open()) {
                store.put(alice, host(alice, "h1", "web-01"));
                assertThat(inner.tally().writeUnits()).isEqualTo(1.0);
            }
            store.put(alice, host(alice, "h2", "web-02"));
            assertThat(outer.tally().writeUnits()).isEqualTo(2.0);
            assertThat(outer.tally().calls()).isEqualTo(2);
        }
    }

    record Marked(String mark, String note, long count) {
    }

    private final ItemKey marked = ItemKey.of(alice, "MARKS", "m");

    private Marked raise(long delta, String mark) {
        store.adjust(alice, marked, "marked", Map.of("count", delta), Map.of(), new ItemStore.HighWater("mark", mark, Map.of("note", "with " + mark), "count"));
        return store.get(alice, marked, Marked.class).orElseThrow();
    }

    @Test
    void aHighWaterMarkRisesOnlyWithHigherValuesUntilItsCounterRestarts() {
        assertThat(raise(1, "b")).isEqualTo(new Marked("b", "with b", 1));
        assertThat(raise(1, "a")).as("a lower mark still adds").isEqualTo(new Marked("b", "with b", 2));
        assertThat(raise(1, "b")).isEqualTo(new Marked("b", "with b", 3));
        assertThat(raise(0, "c")).isEqualTo(new Marked("c", "with c", 3));
        assertThat(raise(-3, "a")).as("the count was positive when this lower mark came").isEqualTo(new Marked("c", "with c", 0));
        assertThat(raise(1, "a")).as("what the count counted was gone: the mark starts again").isEqualTo(new Marked("a", "with a", 1));
    }

    @Test
    void countersAddAtomicallyWithinTheirWindow() {
        ItemKey key = ItemKey.of(alice, "RATE", "login#203.0.113.7");

        assertThat(store.increment(alice, key, 1, NOW.plusSeconds(900))).isEqualTo(1);
        assertThat(store.increment(alice, key, 1, NOW.plusSeconds(1800))).isEqualTo(2);
        assertThat(store.increment(alice, key, 5, NOW.plusSeconds(900))).isEqualTo(7);
        assertThat(store.increment(bob, ItemKey.of(bob, "RATE", "login#203.0.113.7"), 1, NOW.plusSeconds(900))).isEqualTo(1);
    }

    @Test
    void aCounterWhoseWindowEndedStartsAgain() {
        ItemKey key = ItemKey.of(alice, "RATE", "login#198.51.100.1");
        store.increment(alice, key, 9, NOW.plusSeconds(60));
        DynamoItemStore later = new DynamoItemStore(client, tableNameOf(), Json.newMapper(), Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));

        assertThat(later.increment(alice, key, 1, NOW.plusSeconds(961))).isEqualTo(1);
        assertThat(later.increment(alice, key, 1, NOW.plusSeconds(2000))).isEqualTo(2);
    }

    @Test
    void provisioningIsIdempotent() {
        StorageSettings settings = dynamo.newTable();
        assertThat(new TableProvisioner(client).ensure(TableDesign.mainTable(settings.tableName()))).isFalse();
    }
}
