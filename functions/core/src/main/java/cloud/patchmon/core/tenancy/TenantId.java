package cloud.patchmon.core.tenancy;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identifier of one customer organisation. Every stored key starts with it, so its alphabet is
 * restricted to characters that can never be confused with the key separator.
 */
public record TenantId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant id must match " + FORMAT.pattern());
        }
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
