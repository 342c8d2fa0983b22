package cloud.patchmon.core.users;

import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.auth.SessionRepository;
import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;
import cloud.patchmon.core.events.DomainEvent;
import cloud.patchmon.core.events.Events;
import cloud.patchmon.core.ratelimit.FixedWindows;
import cloud.patchmon.core.ratelimit.Limit;
import cloud.patchmon.core.ratelimit.RateLimitRepository;
import cloud.patchmon.core.ratelimit.RateLimits;
import cloud.patchmon.core.rbac.BuiltInRole;
import cloud.patchmon.core.rbac.Role;
import cloud.patchmon.core.rbac.RoleRepository;
import cloud.patchmon.core.storage.ConditionFailedException;
import cloud.patchmon.core.storage.ItemStore;
import cloud.patchmon.core.tenancy.TenantContext;
import cloud.patchmon.core.tenants.Directory;
import cloud.patchmon.core.tenants.TenantRepository;
import cloud.patchmon.core.tfa.TfaRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * User management inside the actor's tenant (Settings → Users) and the actor's own profile.
 * Every lookup goes through the actor's tenant, so an id from another tenant is simply not found.
 */
public final class UserService {

    static final String DUPLICATE = "Username or email already exists";
    static final String NOT_FOUND = "User not found";


    private final FixedWindows passwordChanges;
    private final RateLimitRepository rateLimits;
    private final UserRepository users;
    private final RoleRepository roles;
    private final TenantRepository tenants;
    private final SessionRepository sessions;
    private final TfaRepository tfa;
    private final Directory directory;
    private final PasswordHasher hasher;
    private final Events events;
    private final Clock clock;

    public UserService(ItemStore store, PasswordHasher hasher, Events events, Clock clock) {
        this.passwordChanges = new FixedWindows(store, clock);
        this.rateLimits = new RateLimitRepository(store);
        this.users = new UserRepository(store);
        this.roles = new RoleRepository(store);
        this.tenants = new TenantRepository(store);
        this.sessions = new SessionRepository(store);
        this.tfa = new TfaRepository(store);
        this.directory = new Directory(store);
        this.hasher = hasher;
        this.events = events;
        this.clock = clock;
    }

    public record NewUser(String username, String email, String password, String firstName, String lastName, String role) {
    }

    /** Fields left {@code null} stay as they are. */
    public record Changes(String username, String email, String firstName, String lastName, String role, Boolean active) {
    }

    public record ProfileChanges(String firstName, String lastName, String email, String themePreference) {
    }

    public List<User> list(AuthenticatedUser actor) {
        return users.list(actor.context()).stream().sorted(Comparator.comparing(User::createdAt).thenComparing(User::username)).toList();
    }

    public User get(AuthenticatedUser actor, String userId) {
        return users.find(actor.context(), userId).orElseThrow(() -> DomainException.notFound(NOT_FOUND));
    }

    public User create(AuthenticatedUser actor, NewUser request) {
        TenantContext ctx = actor.context();
        UserRules.NewAccount account = new UserRules.NewAccount(request.username(), request.email(), request.password(),
                request.firstName(), request.lastName());
        List<FieldViolation> problems = new ArrayList<>(UserRules.checkNewAccount(account, tenants.settings(ctx).passwordPolicy()));
        if (request.role() == null || request.role().isBlank()) {
            problems.add(new FieldViolation("Role is required", "role", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Role role = roles.find(ctx, request.role()).orElseThrow(() -> DomainException.invalid("role", "Invalid role"));
        UserManagementPolicy.checkAssign(actor.role(), role);
        Instant now = clock.instant();
        User user = account.toUser(UUID.randomUUID().toString(), hasher.hash(request.password()), role.name(), now);
        insert(ctx, user);
        events.publish(new DomainEvent("user_created", ctx.tenantId(), now,
                Map.of("user_id", user.id(), "username", user.username(), "role", user.role(), "created_by", actor.user().id())));
        return user;
    }

    /** Stores a new user; directory entries go first so a crash never strands the account. */
    public void insert(TenantContext ctx, User user) {
        if (users.usernameTaken(ctx, user.username()) || users.emailTaken(ctx, user.email())) {
            throw DomainException.badRequest(DUPLICATE);
        }
        directory.addLogin(user.username(), ctx.tenantId(), user.id());
        directory.addLogin(user.email(), ctx.tenantId(), user.id());
        try {
            users.create(ctx, user);
        } catch (ConditionFailedException raced) {
            directory.removeLogin(user.username(), ctx.tenantId(), user.id());
            directory.removeLogin(user.email(), ctx.tenantId(), user.id());
            throw DomainException.badRequest(DUPLICATE);
        }
    }

    public User update(AuthenticatedUser actor, String userId, Changes changes) {
        TenantContext ctx = actor.context();
        User target = get(actor, userId);
        UserManagementPolicy.checkTouch(actor.role(), target.role());
        List<FieldViolation> problems = new ArrayList<>();
        if (changes.username() != null) {
            UserRules.checkUsername(changes.username(), problems);
        }
        if (changes.email() != null) {
            UserRules.checkEmail(changes.email(), problems);
        }
        UserRules.checkName(changes.firstName(), "first_name", problems);
        UserRules.checkName(changes.lastName(), "last_name", problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = clock.instant();
        boolean self = target.id().equals(actor.user().id());
        User updated = target.withProfile(
                changes.username() == null ? target.username() : changes.username().trim(),
                changes.email() == null ? target.email() : changes.email().trim(),
                changes.firstName() == null ? target.firstName() : blankToNull(changes.firstName()),
                changes.lastName() == null ? target.lastName() : blankToNull(changes.lastName()),
                target.themePreference(), now);

        boolean roleChanged = changes.role() != null && !changes.role().equals(target.role());
        if (roleChanged) {
            if (self) {
                throw DomainException.badRequest("Cannot change your own role");
            }
            Role newRole = roles.find(ctx, changes.role()).orElseThrow(() -> DomainException.invalid("role", "Invalid role"));
            UserManagementPolicy.checkAssign(actor.role(), newRole);
            if (wouldRemoveLastAdministrator(ctx, target)) {
                throw DomainException.badRequest("Cannot change the role of the last " + target.role() + " user");
            }
            updated = updated.withRole(newRole.name(), now);
        }
        boolean deactivated = Boolean.FALSE.equals(changes.active()) && target.active();
        if (deactivated) {
            if (self) {
                throw DomainException.badRequest("Cannot deactivate your own account");
            }
            if (wouldRemoveLastAdministrator(ctx, target)) {
                throw DomainException.badRequest("Cannot deactivate the last " + target.role() + " user");
            }
        }
        if (changes.active() != null) {
            updated = updated.withActive(changes.active(), now);
        }
        save(ctx, target, updated);
        if (roleChanged) {
            sessions.deleteAll(ctx, target.id());
        }
        if (deactivated) {
            // So a later reactivation cannot reuse a "remember this device" cookie from before.
            revokeCredentials(ctx, target.id());
        }
        if (roleChanged) {
            events.publish(new DomainEvent("user_role_changed", ctx.tenantId(), now, Map.of("user_id", target.id(),
                    "username", updated.username(), "old_role", target.role(), "new_role", updated.role(), "changed_by", actor.user().id())));
        }
        return updated;
    }

    private void save(TenantContext ctx, User before, User after) {
        boolean usernameChanged = !Directory.normalise(before.username()).equals(Directory.normalise(after.username()));
        boolean emailChanged = !Objects.equals(normaliseOrNull(before.email()), normaliseOrNull(after.email()));
        if (usernameChanged) {
            directory.addLogin(after.username(), ctx.tenantId(), after.id());
        }
        if (emailChanged && after.email() != null) {
            directory.addLogin(after.email(), ctx.tenantId(), after.id());
        }
        try {
            users.update(ctx, before, after);
        } catch (ConditionFailedException taken) {
            if (usernameChanged) {
                directory.removeLogin(after.username(), ctx.tenantId(), after.id());
            }
            if (emailChanged && after.email() != null) {
                directory.removeLogin(after.email(), ctx.tenantId(), after.id());
            }
            throw DomainException.badRequest(DUPLICATE);
        }
        if (usernameChanged) {
            directory.removeLogin(before.username(), ctx.tenantId(), before.id());
        }
        if (emailChanged && before.email() != null) {
            directory.removeLogin(before.email(), ctx.tenantId(), before.id());
        }
    }

    public void resetPassword(AuthenticatedUser actor, String userId, String newPassword) {
        TenantContext ctx = actor.context();
        User target = get(actor, userId);
        UserManagementPolicy.checkTouch(actor.role(), target.role());
        if (!target.active()) {
            throw DomainException.badRequest("Cannot reset password for inactive user");
        }
        checkPassword(ctx, newPassword, "new_password");
        users.save(ctx, target.withPasswordHash(hasher.hash(newPassword), clock.instant()));
        revokeCredentials(ctx, target.id());
    }

    public void delete(AuthenticatedUser actor, String userId) {
        TenantContext ctx = actor.context();
        User target = get(actor, userId);
        if (target.id().equals(actor.user().id())) {
            throw DomainException.badRequest("Cannot delete your own account");
        }
        UserManagementPolicy.checkTouch(actor.role(), target.role());
        if (wouldRemoveLastAdministrator(ctx, target)) {
            throw DomainException.badRequest("Cannot delete the last " + target.role() + " user");
        }
        users.delete(ctx, target);
        revokeCredentials(ctx, target.id());
        tfa.deleteState(ctx, target.id());
        directory.removeLogin(target.username(), ctx.tenantId(), target.id());
        if (target.email() != null) {
            directory.removeLogin(target.email(), ctx.tenantId(), target.id());
        }
    }

    public User updateProfile(AuthenticatedUser actor, ProfileChanges changes) {
        TenantContext ctx = actor.context();
        User me = get(actor, actor.user().id());
        List<FieldViolation> problems = new ArrayList<>();
        if (changes.email() != null) {
            UserRules.checkEmail(changes.email(), problems);
        }
        UserRules.checkName(changes.firstName(), "first_name", problems);
        UserRules.checkName(changes.lastName(), "last_name", problems);
        if (changes.themePreference() != null && !List.of("light", "dark", "system").contains(changes.themePreference())) {
            problems.add(new FieldViolation("Theme must be light, dark or system", "theme_preference", "body"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        User updated = me.withProfile(me.username(),
                changes.email() == null ? me.email() : changes.email().trim(),
                changes.firstName() == null ? me.firstName() : blankToNull(changes.firstName()),
                changes.lastName() == null ? me.lastName() : blankToNull(changes.lastName()),
                changes.themePreference() == null ? me.themePreference() : changes.themePreference(), clock.instant());
        save(ctx, me, updated);
        return updated;
    }

    /** Changes the actor's own password; their other sessions end, this one stays. */
    public void changePassword(AuthenticatedUser actor, String currentPassword, String newPassword) {
        TenantContext ctx = actor.context();
        limitPasswordChanges(ctx, actor.user().id());
        User me = get(actor, actor.user().id());
        if (me.hasPassword() && !hasher.matches(currentPassword, me.passwordHash())) {
            throw DomainException.badRequest("Current password is incorrect");
        }
        checkPassword(ctx, newPassword, "new_password");
        users.save(ctx, me.withPasswordHash(hasher.hash(newPassword), clock.instant()));
        sessions.list(ctx, me.id()).stream().filter(s -> !s.id().equals(actor.sessionId()))
                .forEach(s -> sessions.delete(ctx, me.id(), s.id()));
    }

    /** Chapter 2: password changes are limited per user, by default 5 attempts per 15-minute window (the tenant may change it). */
    private void limitPasswordChanges(TenantContext ctx, String userId) {
        Limit limit = rateLimits.find(ctx).map(RateLimits::passwordChange).orElse(RateLimits.PASSWORD_CHANGE);
        FixedWindows.Outcome outcome = passwordChanges.hit(ctx, "USER#" + userId, "RATE#password-change", limit);
        if (!outcome.allowed()) {
            throw DomainException.rateLimited("Too many password change attempts, please try again later.", null, outcome.retryAfter());
        }
    }

    private void checkPassword(TenantContext ctx, String password, String param) {
        List<FieldViolation> problems = tenants.settings(ctx).passwordPolicy().violations(password).stream()
                .map(msg -> new FieldViolation(msg, param, "body")).toList();
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    /** True when {@code target} is the tenant's last active superadmin, or its last active admin with no superadmin left. */
    private boolean wouldRemoveLastAdministrator(TenantContext ctx, User target) {
        if (!target.active()) {
            return false;
        }
        List<User> others = users.list(ctx).stream().filter(u -> u.active() && !u.id().equals(target.id())).toList();
        boolean otherSuperadmin = others.stream().anyMatch(u -> u.role().equals(BuiltInRole.SUPERADMIN.key()));
        if (target.role().equals(BuiltInRole.SUPERADMIN.key())) {
            return !otherSuperadmin;
        }
        if (target.role().equals(BuiltInRole.ADMIN.key())) {
            return !otherSuperadmin && others.stream().noneMatch(u -> u.role().equals(BuiltInRole.ADMIN.key()));
        }
        return false;
    }

    /** Ends every session and trusted device of the user (password reset, deactivation, deletion). */
    private void revokeCredentials(TenantContext ctx, String userId) {
        sessions.deleteAll(ctx, userId);
        tfa.deleteDevices(ctx, userId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String normaliseOrNull(String value) {
        return value == null ? null : Directory.normalise(value);
    }
}
