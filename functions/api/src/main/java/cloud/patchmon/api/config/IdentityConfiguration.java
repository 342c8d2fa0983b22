package cloud.patchmon.api.config;

import cloud.patchmon.core.auth.AccessTokens;
import cloud.patchmon.core.auth.AuthService;
import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.events.EventBridgeEvents;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.json.Json;
import cloud.patchmon.core.rbac.RoleService;
import cloud.patchmon.core.secrets.AesGcmSecretBox;
import cloud.patchmon.core.secrets.SecretBox;
import cloud.patchmon.core.tfa.TfaService;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.tenants.TenantPlanService;
import cloud.patchmon.core.tenants.TenantSettingsService;
import cloud.patchmon.core.users.UserService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** Identity services, configured from {@code patchmon.auth.*} (see application.properties). */
@Configuration(proxyBeanMethods = false)
public class IdentityConfiguration {

    @Bean
    public AuthSettings authSettings(@Value("${patchmon.auth.access-token-ttl}") Duration accessTtl,
                                     @Value("${patchmon.auth.session-ttl}") Duration sessionTtl,
                                     @Value("${patchmon.auth.max-login-attempts}") int maxAttempts,
                                     @Value("${patchmon.auth.lockout-duration}") Duration lockout,
                                     @Value("${patchmon.auth.bcrypt-cost}") int bcryptCost,
                                     @Value("${patchmon.auth.rate-limit}") int rateLimit,
                                     @Value("${patchmon.auth.rate-limit-window}") Duration window) {
        return new AuthSettings(accessTtl, sessionTtl, maxAttempts, lockout, bcryptCost, rateLimit, window);
    }

    @Bean
    public PasswordHasher passwordHasher(AuthSettings settings) {
        return new PasswordHasher(settings.bcryptCost());
    }

    @Bean
    public AccessTokens accessTokens(@Value("${patchmon.auth.jwt-secret}") String secret, Clock clock, AuthSettings settings) {
        return new AccessTokens(secret, clock, settings.accessTokenTtl());
    }

    /** EventBridge when the stack names a bus ({@code patchmon.events.bus-name}), in process otherwise (the local stack). */
    @Bean
    public Events events(@Value("${patchmon.events.bus-name:}") String busName, StorageSettings storage) {
        return EventBridgeEvents.forBus(busName, storage.region(), System.getenv(), Json.newMapper());
    }

    @Bean
    public UserService userService(ItemStore store, PasswordHasher hasher, Events events, Clock clock) {
        return new UserService(store, hasher, events, clock);
    }

    @Bean
    public RoleService roleService(ItemStore store, Clock clock) {
        return new RoleService(store, clock);
    }

    @Bean
    public TenantSettingsService tenantSettingsService(ItemStore store) {
        return new TenantSettingsService(store);
    }

    @Bean
    public TenantPlanService tenantPlanService(ItemStore store) {
        return new TenantPlanService(store);
    }

    /** Local AES-GCM until the KMS adapter lands; the key is a deployment secret like the JWT key. */
    @Bean
    public SecretBox secretBox(@Value("${patchmon.secrets.data-key}") String key) {
        return AesGcmSecretBox.fromBase64(key);
    }

    @Bean
    public TfaService tfaService(ItemStore store, SecretBox box, PasswordHasher hasher, Events events, Clock clock) {
        return new TfaService(store, box, hasher, events, clock);
    }

    @Bean
    public AuthService authService(ItemStore store, PasswordHasher hasher, AccessTokens tokens, SecretBox box, Events events,
                                   AuthSettings settings, Clock clock) {
        return new AuthService(store, hasher, tokens, box, events, settings, clock);
    }
}
