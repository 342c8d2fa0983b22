package cloud.patchmon.core.integrations;

import cloud.patchmon.core.errors.DomainException;
import cloud.patchmon.core.errors.DomainException.FieldViolation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resource–action scopes of an API credential (chapter 31): {@code {"host": ["get", "delete"]}}.
 * Explicit only: no wildcard, and no action implies another ({@code get} does not grant
 * {@code delete}, nor the reverse).
 */
public final class ApiScopes {

    public static final Map<String, Set<String>> ACTIONS = Map.of("host", Set.of("get", "put", "patch", "update", "delete"));

    private ApiScopes() {
    }

    /** What is wrong with a requested scope object, if anything: unknown resources or actions, or no action at all. */
    public static Optional<FieldViolation> problem(Map<String, Object> scopes) {
        FieldViolation wrong = new FieldViolation("Scopes must grant at least one action, e.g. {\"host\": [\"get\"]}; resources: host; "
                + "actions: get, put, patch, update, delete", "scopes", "body");
        if (scopes == null || scopes.isEmpty()) {
            return Optional.of(wrong);
        }
        int granted = 0;
        for (Map.Entry<String, Object> entry : scopes.entrySet()) {
            Set<String> known = ACTIONS.get(entry.getKey());
            if (known == null || !(entry.getValue() instanceof List<?> actions)) {
                return Optional.of(wrong);
            }
            for (Object action : actions) {
                if (!(action instanceof String name) || !known.contains(name)) {
                    return Optional.of(wrong);
                }
                granted++;
            }
        }
        return granted == 0 ? Optional.of(wrong) : Optional.empty();
    }

    /**
     * Refuses a credential without {@code action} on {@code resource}, in the spec's words: no entry for the
     * resource at all is "does not have access to", an entry without the action "does not have permission to".
     */
    public static void require(Map<String, Object> scopes, String resource, String action) {
        Object granted = scopes == null ? null : scopes.get(resource);
        if (!(granted instanceof List<?> actions)) {
            throw DomainException.forbidden("Access denied").withDetail("This API key does not have access to " + resource);
        }
        if (!actions.contains(action)) {
            throw DomainException.forbidden("Access denied").withDetail("This API key does not have permission to " + action + " " + resource);
        }
    }
}
