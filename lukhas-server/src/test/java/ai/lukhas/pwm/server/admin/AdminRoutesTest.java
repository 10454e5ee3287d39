package ai.lukhas.pwm.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.flags.Flags;
import ai.lukhas.pwm.server.contract.ContractCheckedServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /admin on a real server: the page and its modules from the jar with a strict content security
 * policy, nothing else under /admin, and the ADMIN_DASHBOARD flag switching it at run time. Every
 * answer is checked against openapi.yaml. (The pages themselves are tested in a real browser by
 * lukhas-dashboard-tests.)
 */
class AdminRoutesTest {
    private static final AtomicBoolean ENABLED = new AtomicBoolean(true);
    /** A script, style, font, image or call that would load from another origin (a CDN, web fonts). */
    private static final Pattern EXTERNAL =
            Pattern.compile("(import|from|src=|href=|url\\(|fetch\\()\\s*['\"(]?\\s*(https?:)?//");

    /** The flag as the gateway reads it: on every request. */
    private static final Flags FLAGS = new Flags() {
        @Override
        public boolean isEnabled(String name, boolean defaultValue) {
            return name.equals(AdminRoutes.FLAG) ? ENABLED.get() : defaultValue;
        }

        @Override
        public String stringValue(String name, String defaultValue) {
            return defaultValue;
        }
    };

    @RegisterExtension
    static final ContractCheckedServer SERVER = ContractCheckedServer.serving(() -> List.of(new AdminRoutes(FLAGS)));

    @BeforeEach
    void on() {
        ENABLED.set(true);
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnOrigin() throws Exception {
        HttpResponse<String> r = SERVER.getOk("/admin", "text/html");
        assertThat(r.body()).contains("<script type=\"module\" src=\"/admin/app.js\">");
        String csp = r.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("x-frame-options")).hasValue("DENY");
    }

    @Test
    void servesEveryModuleThePageImportsFromTheJarAndNothingFromElsewhere() throws Exception {
        String app = SERVER.get("/admin/app.js").body();
        Matcher imports = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'").matcher(app);
        int n = 0;
        while (imports.find()) {
            HttpResponse<String> module = SERVER.getOk("/admin/" + imports.group(1), "text/javascript");
            assertThat(EXTERNAL.matcher(module.body()).find())
                    .as(imports.group(1) + " loads nothing from another origin")
                    .isFalse();
            n++;
        }
        assertThat(n)
                .as("app.js imports the API client, the helpers and nine pages")
                .isGreaterThanOrEqualTo(11);
        assertThat(SERVER.get("/admin/admin.css").headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(EXTERNAL.matcher(SERVER.get("/admin").body()).find()).isFalse();
        assertThat(EXTERNAL.matcher(SERVER.get("/admin/admin.css").body()).find())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.htm", "nope.js", "App.js", "..%2Fopenapi.yaml", "%2e%2e%2fdefaults.yaml", "a.java"})
    void anythingButADashboardFileIsNotFound(String name) throws Exception {
        HttpResponse<String> r = SERVER.get("/admin/" + name);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("is not a dashboard file");
    }

    @Test
    void theFlagTurnsTheDashboardOffAndOnAtRunTime() throws Exception {
        ENABLED.set(false);
        HttpResponse<String> off = SERVER.get("/admin");
        assertThat(off.statusCode()).isEqualTo(404);
        assertThat(off.body()).contains("ADMIN_DASHBOARD", "turn it on");
        assertThat(SERVER.get("/admin/app.js").statusCode()).isEqualTo(404);
        assertThat(SERVER.get("/admin/nope.js").body()).contains("ADMIN_DASHBOARD");
        ENABLED.set(true);
        assertThat(SERVER.get("/admin").statusCode()).isEqualTo(200);
        assertThat(SERVER.get("/admin/app.js").statusCode()).isEqualTo(200);
    }
}
