package cloud.patchmon.core.tfa;

import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.secrets.AesGcmSecretBox;
import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoItemStore;
import cloud.patchmon.core.storage.ItemKey;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.testing.DynamoDbLocal;
import cloud.patchmon.core.testing.DynamoDbLocalExtension;
import cloud.patchmon.core.testing.IdentityFixture;
import cloud.patchmon.core.testing.MutableClock;
import cloud.patchmon.core.users.UserService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static cloud.patchmon.core.testing.IdentityFixture.CLIENT;
import static cloud.patchmon.core.testing.IdentityFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynamoDbLocalExtension.class)
class TfaServiceIntegrationTest {

    private final DynamoDbLocal dynamo;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final Totp totp = new Totp();
    private DynamoDbClient ddb;
    private DynamoItemStore store;
    private IdentityFixture identity;
    private TfaService tfa;
    private AuthenticatedUser owner;
    private String slug;

    TfaServiceIntegrationTest(DynamoDbLocal dynamo) {
        this.dynamo = dynamo;
    }

    @BeforeEach
    void setUp() {
        StorageSettings table = dynamo.newTable();
        ddb = dynamo.client(table, new CapacityMeter());
        store = new DynamoItemStore(ddb, table.tableName(), Json.newMapper(), clock);
        identity = new IdentityFixture(store, clock);
        tfa = new TfaService(store, new AesGcmSecretBox(new byte[32]), identity.hasher, e -> identity.events.add(e), clock);
        owner = identity.signup("Acme");
        slug = identity.auth.tenant(owner.context()).orElseThrow().slug();
    }

    @AfterEach
    void tearDown() {
        ddb.close();
    }

    /** Enrols the owner; returns the TOTP secret and the backup codes. */
    private record Enrolled(String secret, List<String> backupCodes) {
    }

    private Enrolled enrol() {
        TfaService.Enrolment enrolment = tfa.begin(owner);
        List<String> codes = tfa.confirm(owner, totp.codeAt(enrolment.secret(), clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        return new Enrolled(enrolment.secret(), codes);
    }

    private AuthService.SignInResult login(String trust) {
        return identity.auth.login(new AuthService.LoginRequest(owner.user().username(), PASSWORD, slug), CLIENT, trust);
    }

    private static void refused(Runnable call, String message, Integer remaining) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DomainException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            if (remaining != null) {
                assertThat(e.extras()).containsEntry("remainingAttempts", remaining);
            }
        });
    }

    @Test
    void enrolmentNeedsAValidFirstCodeAndYieldsTenSingleUseBackupCodes() {
        TfaService.Enrolment enrolment = tfa.begin(owner);
        assertThat(enrolment.otpauthUrl()).startsWith("otpauth://totp/PatchMon%20Cloud:" + owner.user().username() + "?secret=" + enrolment.secret());
        refused(() -> tfa.confirm(owner, "000000"), "Invalid verification code", null);
        assertThat(tfa.status(owner).enabled()).isFalse();

        List<String> codes = tfa.confirm(owner, totp.codeAt(enrolment.secret(), clock.instant()));

        assertThat(codes).hasSize(10).allMatch(c -> c.matches("[A-HJ-NP-Z2-9]{8}")).doesNotHaveDuplicates();
        assertThat(tfa.status(owner)).isEqualTo(new TfaService.Status(true, 10));
        refused(() -> tfa.begin(owner), "TFA is already enabled", null);
        TfaState stored = store.get(owner.context(), ItemKey.of(owner.context(), "USER#" + owner.user().id(), "TFA"), TfaState.class).orElseThrow();
        assertThat(stored.sealedSecret()).startsWith("v1:").doesNotContain(enrolment.secret());
        assertThat(stored.backupCodeHashes()).allMatch(h -> h.startsWith("$2a$"));
    }

    @Test
    void signInAsksForACodeAndAcceptsEachTotpCodeOnce() {
        Enrolled enrolled = enrol();

        AuthService.SignInResult first = login(null);
        assertThat(first.requiresTfa()).isTrue();
        assertThat(first.signedIn()).isNull();
        String code = totp.codeAt(enrolled.secret(), clock.instant());
        AuthService.TfaCompleted done = identity.auth.completeTfa(first.tfaChallenge(), code, false, CLIENT);
        assertThat(identity.auth.authenticate(done.signedIn().access().token()).user().id()).isEqualTo(owner.user().id());
        assertThat(done.deviceTrust()).isNull();

        refused(() -> identity.auth.completeTfa(login(null).tfaChallenge(), code, false, CLIENT), "Invalid verification code", 4);
    }

    @Test
    void theChallengeIsNoAccessTokenAndAnAccessTokenIsNoChallenge() {
        Enrolled enrolled = enrol();
        String challenge = login(null).tfaChallenge();
        assertThatThrownBy(() -> identity.auth.authenticate(challenge)).hasMessage("Invalid or expired token");

        String access = identity.auth.completeTfa(challenge, totp.codeAt(enrolled.secret(), clock.instant()), false, CLIENT).signedIn().access().token();
        refused(() -> identity.auth.completeTfa(access, "123456", false, CLIENT), "TFA session expired, please sign in again", null);
        refused(() -> identity.auth.completeTfa("garbage", "123456", false, CLIENT), "TFA session expired, please sign in again", null);
        String late = login(null).tfaChallenge();
        clock.advance(Duration.ofMinutes(5));
        refused(() -> identity.auth.completeTfa(late, totp.codeAt(enrolled.secret(), clock.instant()), false, CLIENT),
                "TFA session expired, please sign in again", null);
    }

    @Test
    void aBackupCodeWorksExactlyOnce() {
        Enrolled enrolled = enrol();
        String code = enrolled.backupCodes().get(3);

        identity.auth.completeTfa(login(null).tfaChallenge(), code.substring(0, 4) + "-" + code.substring(4).toLowerCase(), false, CLIENT);

        assertThat(tfa.status(owner).backupCodesRemaining()).isEqualTo(9);
        refused(() -> identity.auth.completeTfa(login(null).tfaChallenge(), code, false, CLIENT), "Invalid verification code", 4);
        List<String> fresh = tfa.regenerateBackupCodes(owner);
        refused(() -> identity.auth.completeTfa(login(null).tfaChallenge(), enrolled.backupCodes().get(0), false, CLIENT), "Invalid verification code", 3);
        identity.auth.completeTfa(login(null).tfaChallenge(), fresh.get(0), false, CLIENT);
    }

    @Test
    void fiveWrongCodesLockTheSecondStepForThirtyMinutes() {
        Enrolled enrolled = enrol();
        for (int remaining = 4; remaining >= 1; remaining--) {
            int expected = remaining;
            refused(() -> identity.auth.completeTfa(login(null).tfaChallenge(), "000000", false, CLIENT), "Invalid verification code", expected);
        }
        refused(() -> identity.auth.completeTfa(login(null).tfaChallenge(), "000000", false, CLIENT), "Too many failed TFA attempts. Please try again later.", 0);

        String challenge = login(null).tfaChallenge();
        assertThatThrownBy(() -> identity.auth.completeTfa(challenge, totp.codeAt(enrolled.secret(), clock.instant()), false, CLIENT))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.RATE_LIMITED);
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(30));
                });
        clock.advance(Duration.ofMinutes(30));
        assertThat(identity.auth.completeTfa(login(null).tfaChallenge(), totp.codeAt(enrolled.secret(), clock.instant()), false, CLIENT).signedIn()).isNotNull();
    }

    @Test
    void rememberMeSkipsTheCodeOnThatBrowserOnly() {
        Enrolled enrolled = enrol();
        String trust = identity.auth.completeTfa(login(null).tfaChallenge(), totp.codeAt(enrolled.secret(), clock.instant()), true, CLIENT).deviceTrust();

        assertThat(login(trust).requiresTfa()).isFalse();
        assertThat(login(trust.substring(0, trust.length() - 2) + "xx").requiresTfa()).isTrue();
        assertThat(login(null).requiresTfa()).isTrue();
        assertThat(tfa.devices(owner)).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo("Browser on unknown OS");
            assertThat(d.expiresAt()).isEqualTo(d.createdAt().plus(Duration.ofDays(30)));
        });

        clock.advance(Duration.ofDays(30));
        assertThat(login(trust).requiresTfa()).as("expired trust").isTrue();
    }

    @Test
    void aSixthTrustedDeviceEvictsTheOldest() {
        Enrolled enrolled = enrol();
        List<String> trusts = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(1));
            trusts.add(identity.auth.completeTfa(login(null).tfaChallenge(), totp.codeAt(enrolled.secret(), clock.instant()), true, CLIENT).deviceTrust());
        }

        assertThat(tfa.devices(owner)).hasSize(5);
        assertThat(login(trusts.get(0)).requiresTfa()).isTrue();
        assertThat(login(trusts.get(5)).requiresTfa()).isFalse();

        tfa.revokeDevice(owner, TfaService.deviceId(trusts.get(5)).orElseThrow());
        assertThat(login(trusts.get(5)).requiresTfa()).isTrue();
        tfa.revokeAllDevices(owner.context(), owner.user().id());
        assertThat(login(trusts.get(4)).requiresTfa()).isTrue();
        assertThatThrownBy(() -> tfa.revokeDevice(owner, "nope")).hasMessage("Trusted device not found");
    }

    @Test
    void disablingNeedsThePasswordAndWipesSecretCodesAndDevicesAndOtherSessions() {
        String otherSession = login(null).signedIn().access().token();
        Enrolled enrolled = enrol();
        AuthService.TfaCompleted done = identity.auth.completeTfa(login(null).tfaChallenge(), totp.codeAt(enrolled.secret(), clock.instant()), true, CLIENT);
        AuthenticatedUser me = identity.auth.authenticate(done.signedIn().access().token());

        refused(() -> tfa.disable(me, "wrong"), "Invalid password", null);
        tfa.disable(me, PASSWORD);

        assertThat(tfa.status(me)).isEqualTo(new TfaService.Status(false, 0));
        assertThat(tfa.devices(me)).isEmpty();
        assertThat(login(null).requiresTfa()).isFalse();
        assertThat(identity.events).extracting(DomainEvent::type).contains("user_tfa_disabled");
        assertThat(identity.auth.authenticate(done.signedIn().access().token()).user().tfaEnabled()).isFalse();
        assertThatThrownBy(() -> identity.auth.authenticate(otherSession)).hasMessage("Invalid or expired token");
        refused(() -> tfa.disable(me, PASSWORD), "TFA is not enabled", null);
    }

    @Test
    void anAdminPasswordResetRevokesTrustedDevicesButKeeps2fa() {
        AuthenticatedUser bob = identity.userWithRole(owner, "user");
        TfaService.Enrolment enrolment = tfa.begin(bob);
        tfa.confirm(bob, totp.codeAt(enrolment.secret(), clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        AuthService.LoginRequest bobLogin = new AuthService.LoginRequest(bob.user().username(), PASSWORD, slug);
        String trust = identity.auth.completeTfa(identity.auth.login(bobLogin, CLIENT, null).tfaChallenge(),
                totp.codeAt(enrolment.secret(), clock.instant()), true, CLIENT).deviceTrust();
        assertThat(identity.auth.login(bobLogin, CLIENT, trust).requiresTfa()).isFalse();

        identity.users.resetPassword(owner, bob.user().id(), "N3w-Password!");

        AuthService.LoginRequest newLogin = new AuthService.LoginRequest(bob.user().username(), "N3w-Password!", slug);
        assertThat(identity.auth.login(newLogin, CLIENT, trust).requiresTfa()).isTrue();
    }
}
