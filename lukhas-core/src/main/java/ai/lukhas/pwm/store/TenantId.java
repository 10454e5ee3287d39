package ai.lukhas.pwm.store;

import java.util.Objects;

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
    /** The longest name. */
    private static final int MAX_LENGTH = 64;

    /** The tenant of keyless local mode, of keys issued without a tenant, and of rows stored before tenancy. */
    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        Objects.requireNonNull(value, "tenant");
        if (!isName(value)) {
            throw new IllegalArgumentException("tenant must be 1-64 characters of letters, digits, '.', '_' or '-',"
                    + " but was '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    /**
     * Whether {@code value} is 1-64 of {@code [A-Za-z0-9._-]}: the regular expression's rule read
     * character by character (every request's caller is checked, and a {@code Matcher} per check
     * was ~0.4 % of the gateway's CPU; {@code TenantIdNameProperties} compares the two).
     */
    static boolean isName(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
