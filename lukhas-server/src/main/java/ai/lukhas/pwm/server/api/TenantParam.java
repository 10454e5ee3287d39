package ai.lukhas.pwm.server.api;

import ai.lukhas.pwm.server.Problem;
import ai.lukhas.pwm.server.ProblemException;
import ai.lukhas.pwm.server.auth.Principal;
import ai.lukhas.pwm.store.TenantId;
import io.javalin.http.Context;
import java.util.List;

/**
 * Whose data a management route reads or writes: the caller's own tenant, unless an admin key names
 * another with the query parameter {@value #NAME}. A client key may name only its own tenant; naming
 * another is refused (403), so no client request ever reaches across tenants. In keyless local mode
 * the caller is the admin of {@code default}, so a single-tenant user never names one.
 *
 * <pre>{@code TenantId tenant = TenantParam.resolve(ctx, principal); // ?tenant=acme (admin only)}</pre>
 */
public final class TenantParam {
    /** The query parameter an admin names a tenant with. */
    public static final String NAME = "tenant";

    private TenantParam() {}

    /** The tenant this request acts on (see the class comment). */
    public static TenantId resolve(Context ctx, Principal p) {
        String named = ctx.queryParam(NAME);
        if (named == null || named.isEmpty()) {
            return TenantId.of(p.tenant());
        }
        TenantId tenant;
        try {
            tenant = TenantId.of(named);
        } catch (IllegalArgumentException e) {
            throw Json.badRequest(
                    e.getMessage(),
                    List.of(new Problem.FieldError(NAME, "must be 1-64 letters, digits, '.', '_' or '-'")));
        }
        if (!p.isAdmin() && !tenant.value().equals(p.tenant())) {
            throw new ProblemException(Problem.of(
                            403,
                            "Forbidden",
                            "key " + p.keyId() + " of tenant " + p.tenant() + " may act only on its own tenant;"
                                    + " only an admin key may name another with ?" + NAME + "=")
                    .withErrors(List.of(new Problem.FieldError(NAME, "must be your own tenant, " + p.tenant()))));
        }
        return tenant;
    }
}
