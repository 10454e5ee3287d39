package ai.lukhas.pwm.server.admin;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin dashboard: {@code GET /admin} (the page) and {@code GET /admin/{asset}} (its JavaScript
 * modules and style sheet), static files from the jar under {@code ai/lukhas/pwm/server/admin/}.
 * The files hold no data and need no key; every figure the page shows comes from the management
 * API, which the page calls with the admin key the user entered (an {@code Authorization: Bearer}
 * header, never a cookie) or, in keyless loopback mode, as the local admin.
 *
 * <p>The {@code ADMIN_DASHBOARD} flag switches it, read on every request: off, both routes answer
 * 404. Every answer carries a content security policy that allows only this origin's scripts,
 * styles and API calls, and no framing.
 *
 * <pre>{@code GatewayServer.start(settings, List.of(new AdminRoutes(flags), otherRoutes));}</pre>
 */
public final class AdminRoutes implements Routes {
    /** The flag that switches the dashboard. */
    public static final String FLAG = "ADMIN_DASHBOARD";

    private static final String ROOT = "ai/lukhas/pwm/server/admin/";
    private static final String PAGE = "index.html";
    /** File names the dashboard uses: lower-case words, one extension; nothing that could climb a directory. */
    private static final Pattern ASSET = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(js|css|svg)");

    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Flags flags;
    private final ClassLoader loader;

    /**
     * @throws IllegalStateException when the page is missing from the classpath (a packaging bug)
     */
    public AdminRoutes(Flags flags) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.loader = AdminRoutes.class.getClassLoader();
        if (loader.getResource(ROOT + PAGE) == null) {
            throw new IllegalStateException(ROOT + PAGE + " is missing from the classpath");
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin", ctx -> serve(ctx, PAGE, "text/html; charset=utf-8"));
        routes.get("/admin/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        Matcher m = ASSET.matcher(name);
        if (!m.matches() || loader.getResource(ROOT + name) == null) {
            requireEnabled();
            throw new ProblemException(
                    Problem.of(404, "Not found", "/admin/" + shown(name) + " is not a dashboard file; open /admin"));
        }
        serve(ctx, name, TYPES.get(m.group(1)));
    }

    private void serve(Context ctx, String name, String type) {
        requireEnabled();
        InputStream in = loader.getResourceAsStream(ROOT + name);
        if (in == null) {
            throw new IllegalStateException(ROOT + name + " vanished from the classpath");
        }
        // no-cache: the files change with every build and are small; the browser revalidates
        ctx.header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .contentType(type)
                .result(in);
    }

    private void requireEnabled() {
        if (!flags.isEnabled(FLAG, true)) {
            throw new ProblemException(Problem.of(
                    404,
                    "Not found",
                    "the admin dashboard is turned off (flag " + FLAG + " is false); turn it on with"
                            + " 'PUT /v1/flags/" + FLAG + "' {\"value\": true}, LUKHAS_FLAG_" + FLAG
                            + "=true or the flags file"));
        }
    }

    /** The client's file name, cut and with anything but file-name characters replaced, safe to show. */
    private static String shown(String name) {
        String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
        return cut.replaceAll("[^A-Za-z0-9._-]", "?");
    }
}
