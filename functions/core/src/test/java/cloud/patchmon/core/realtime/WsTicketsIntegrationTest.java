package cloud.patchmon.core.realtime;

import cloud.patchmon.core.auth.Tokens;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class WsTicketsIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final TenantContext ada = new TenantContext(new TenantId("acme"), new TenantContext.Principal(TenantContext.Principal.Kind.USER, "u-ada"));
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private WsTickets tickets;

    WsTicketsIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        tickets = new WsTickets(store, clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    @Test
    void aTicketNamesItsUserOnceAndIsStoredOnlyAsItsHash() {
        WsTickets.Ticket ticket = tickets.issue(ada);
        assertThat(ticket.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
        TenantContext system = TenantContext.system(Directory.SYSTEM, "test");
        assertThat(store.get(system, ItemKey.of(system, "WSTICKETS", ticket.ticket()), Map.class)).isEmpty();
        assertThat(store.get(system, ItemKey.of(system, "WSTICKETS", Tokens.sha256(ticket.ticket())), Map.class)).isPresent();

        assertThat(tickets.consume(ticket.ticket())).contains(new WsTickets.Holder(new TenantId("acme"), "u-ada", ticket.expiresAt()));
        assertThat(tickets.consume(ticket.ticket())).as("replayed").isEmpty();
    }

    @Test
    void anExpiredMadeUpOrOversizeTicketIsNothing() {
        WsTickets.Ticket ticket = tickets.issue(ada);
        clock.advance(Duration.ofSeconds(30));
        assertThat(tickets.consume(ticket.ticket())).isEmpty();
        assertThat(tickets.consume(Tokens.random())).isEmpty();
        assertThat(tickets.consume("")).isEmpty();
        assertThat(tickets.consume(null)).isEmpty();
        assertThat(tickets.consume("x".repeat(129))).isEmpty();
    }

    @Test
    void ofConcurrentConsumersExactlyOneGetsTheTicket() throws Exception {
        WsTickets.Ticket ticket = tickets.issue(ada);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Callable<Optional<WsTickets.Holder>> consume = () -> tickets.consume(ticket.ticket());
            List<Future<Optional<WsTickets.Holder>>> results = pool.invokeAll(java.util.Collections.nCopies(8, consume));
            long winners = 0;
            for (Future<Optional<WsTickets.Holder>> result : results) {
                winners += result.get().isPresent() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyUsersGetTickets() {
        assertThatThrownBy(() -> tickets.issue(TenantContext.system(new TenantId("acme"), "job"))).isInstanceOf(IllegalArgumentException.class);
    }
}
