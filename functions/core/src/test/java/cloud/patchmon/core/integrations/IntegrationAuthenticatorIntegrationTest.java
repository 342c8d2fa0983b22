package cloud.patchmon.core.integrations;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.enrollment.EnrollmentTokenService;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.hosts.ReportActivity;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a cached lookup and coarse last-use recording must never change, against DynamoDB Local. */
@ExtendWith(DynamoDbLocalExtension.class)
class IntegrationAuthenticatorIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:30:00Z"));
    private final CapacityMeter meter = new CapacityMeter();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private EnrollmentTokenService tokens;
    private IntegrationAuthenticator authenticator;
    private AuthenticatedUser acme;

    IntegrationAuthenticatorIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, meter);
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        tokens = new EnrollmentTokenService(store, clock);
        authenticator = new IntegrationAuthenticator(store, clock);
        acme = new IdentityFixture(store, clock).signup("Acme");
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    private EnrollmentTokenService.Created apiToken() {
        return tokens.create(acme.context(), acme.user().id(), new EnrollmentTokenService.NewToken("Ansible", null, null, List.of(), null,
                Map.of("integration_type", "api"), Map.of("host", List.of("get"))));
    }

    private static String basic(EnrollmentTokenService.Created token) {
        String pair = token.details().token().tokenKey() + ":" + token.secret();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private String refusal(String authorization) {
        try {
            authenticator.authenticate(authorization, "192.0.2.1", IntegrationAuthenticator.API);
            return "accepted";
        } catch (DomainException e) {
            return e.getMessage();
        }
    }

    @Test
    void aDisabledOrDeletedCredentialIsRefusedAtOnceThoughItsLookupIsCached() {
        EnrollmentTokenService.Created token = apiToken();
        assertThat(refusal(basic(token))).isEqualTo("accepted");

        tokens.update(acme.context(), token.details().token().id(), new EnrollmentTokenService.Changes(null, false, null, null, null, null, null));
        assertThat(refusal(basic(token))).isEqualTo("API key is disabled");
        tokens.update(acme.context(), token.details().token().id(), new EnrollmentTokenService.Changes(null, true, null, null, null, null, null));
        assertThat(refusal(basic(token))).isEqualTo("accepted");

        tokens.delete(acme.context(), token.details().token().id());
        assertThat(refusal(basic(token))).isEqualTo("Invalid API key");
    }

    @Test
    void lastUsedIsWrittenAtMostOnceAMinuteAndACallOtherwiseCostsReadsOnly() {
        EnrollmentTokenService.Created token = apiToken();
        String id = token.details().token().id();
        authenticator.authenticate(basic(token), "192.0.2.1", IntegrationAuthenticator.API);
        Instant first = tokens.get(acme.context(), id).lastUsedAt();
        assertThat(first).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(30));
        CapacityMeter.Tally cost;
        try (CapacityMeter.Scope scope = meter.open()) {
            authenticator.authenticate(basic(token), "192.0.2.1", IntegrationAuthenticator.API);
            cost = scope.tally();
        }
        assertThat(cost.writeUnits()).as("within the minute: no write").isZero();
        assertThat(cost.readUnits()).as("the token item only; the key lookup is cached").isLessThanOrEqualTo(1.0);
        assertThat(tokens.get(acme.context(), id).lastUsedAt()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(31));
        authenticator.authenticate(basic(token), "192.0.2.1", IntegrationAuthenticator.API);
        assertThat(tokens.get(acme.context(), id).lastUsedAt()).isEqualTo(clock.instant());
        assertThat(tokens.get(acme.context(), id).hostsCreatedToday()).isZero();
    }

    @Test
    void refusedCallsRecordNoUse() {
        EnrollmentTokenService.Created token = apiToken();
        String wrong = "Basic " + Base64.getEncoder().encodeToString((token.details().token().tokenKey() + ":nope").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> authenticator.authenticate(wrong, "192.0.2.1", IntegrationAuthenticator.API))
                .hasMessage("Invalid API secret");
        assertThatThrownBy(() -> authenticator.authenticate(basic(token), "192.0.2.1", IntegrationAuthenticator.GETHOMEPAGE))
                .hasMessage("Invalid API key type");
        assertThat(tokens.get(acme.context(), token.details().token().id()).lastUsedAt()).isNull();
    }

    @Test
    void reportCountersCoverExactlyTheLast24WholeHours() {
        ReportActivity activity = new ReportActivity(store);
        activity.record(acme.context(), clock.instant());
        clock.advance(Duration.ofHours(2));
        activity.record(acme.context(), clock.instant());
        activity.record(acme.context(), clock.instant());
        assertThat(activity.last24Hours(acme.context())).isEqualTo(3);

        clock.advance(Duration.ofHours(22));
        assertThat(activity.last24Hours(acme.context())).as("10:00's hour has left the window at 10:00 next day").isEqualTo(2);
        clock.advance(Duration.ofHours(2));
        assertThat(activity.last24Hours(acme.context())).isZero();
        assertThat(new ReportActivity(store).last24Hours(new IdentityFixture(store, clock).signup("Rival").context())).isZero();
    }
}
