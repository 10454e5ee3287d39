package ai.lukhas.pwm.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tenant that owns stored data: every store keys its rows by it and every query filters by it,
 * so one tenant never reads or moves another's memory, notes, tasks or feedback. A single-tenant
 * deployment uses {@link #DEFAULT}.
 *
 * <pre>{@code
 * TenantId acme = TenantId.of("acme");
 * helix.read(acme, "project.zephyr90"); // only acme's value, never another tenant's
 * }</pre>
 *
 * @param value 1-64 letters, digits, '.', '_' or '-' (the same rule API keys are issued with)
 */
public record TenantId(String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The tenant of keyless local mode, of keys issued without a tenant, and of rows stored before tenancy. */
    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        Objects.requireNonNull(value, "tenant");
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-',"
                    + " but was '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    /** The tenant named {@code value}. */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
