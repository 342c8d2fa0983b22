package cloud.patchmon.core.hosts;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.secrets.AesGcmSecretBox;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenancy.TenantId;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class BootstrapTokensIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final TenantContext acme = TenantContext.system(new TenantId("acme"), "test");
    private DynamoDbClient ddb;
    private BootstrapTokens tokens;
    private HostService.Credentials host;

    BootstrapTokensIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        DynamoItemStore store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        host = new HostService(store, new PasswordHasher(4), clock).create(acme, new HostService.NewHost("web-01", "linux", List.of(), false, false));
        tokens = new BootstrapTokens(store, new AesGcmSecretBox(new byte[32]), clock);
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private static void refused(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Invalid or expired bootstrap token"));
    }

    @Test
    void aTokenIsExchangedOnceForTheHostsCredentials() {
        String token = tokens.issue(acme, host.host(), host.apiKey());

        assertThat(tokens.exchange(token)).isEqualTo(new BootstrapTokens.Exchanged(host.host().apiId(), host.apiKey()));
        refused(() -> tokens.exchange(token));
    }

    @Test
    void aTokenExpiresAfterFiveMinutes() {
        String token = tokens.issue(acme, host.host(), host.apiKey());
        clock.advance(Duration.ofMinutes(5));

        refused(() -> tokens.exchange(token));
    }

    @Test
    void unknownOrMalformedTokensAreRefused() {
        refused(() -> tokens.exchange("not-a-token-that-was-ever-issued"));
        assertThatThrownBy(() -> tokens.exchange(" ")).isInstanceOf(DomainException.class);
        assertThatThrownBy(() -> tokens.exchange("x".repeat(200))).isInstanceOf(DomainException.class);
    }
}
