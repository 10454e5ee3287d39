package ai.lukhas.pwm.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.Role;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real gateway (the composition root {@code bin/lukhas serve} uses) through every mounted
 * route, successes and refusals, and checks every response against openapi.yaml: status, content
 * type, body schema and required headers. Every mounted route conforms; a departure fails and names
 * the route, the status and the field.
 */
class GatewayContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final OpenApiContract contract = OpenApiContract.load();
    private final Map<String, List<String>> violations = new TreeMap<>();
    private int checked;

    @Test
    void everyResponseOfTheMountedRoutesConformsToTheDocument(@TempDir Path dir) throws Exception {
        try (Gateway gateway = RouteCoverageContractTest.gateway(dir);
                GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0, 8192))) {
            String admin = gateway.keys().issue(Role.ADMIN, "default", "admin").token();
            String client = gateway.keys().issue(Role.CLIENT, "acme", "client").token();
            Client c = new Client(server.port());

            c.send("GET", "/healthz", null, null, 200);
            c.send("GET", "/readyz", null, null, 200);
            c.send("GET", "/metrics", null, null, 200);
            c.send("GET", "/openapi.json", null, null, 200);
            c.send("GET", "/docs", null, null, 200);
            c.send("GET", "/docs/swagger-ui.css", null, null, 200);
            c.send("GET", "/docs/nope.js", null, null, 404);

            c.send("POST", "/v1/modulation/preview", admin, "{\"signals\":[{\"name\":\"stress\",\"level\":0.4}]}", 200);
            c.send("POST", "/v1/modulation/preview", admin, "{\"signals\":[{\"name\":\"joy\",\"level\":0.4}]}", 422);
            c.send("POST", "/v1/modulation/preview", admin, "{\"signals\":[", 400);
            c.send("POST", "/v1/modulation/preview", admin, "{\"signals\":[],\"colour\":1}", 400);
            c.send("POST", "/v1/modulation/preview", admin, "{\"signals\":\"" + "x".repeat(9000) + "\"}", 413);
            c.send(
                    "POST",
                    "/v1/sessions/s-1/signals",
                    client,
                    "{\"signals\":[{\"name\":\"stress\",\"level\":0.4}]}",
                    200);
            c.send("GET", "/v1/sessions/s-1", client, null, 200);
            c.send("GET", "/v1/tools", client, null, 200);
            c.send("GET", "/v1/tools", null, null, 401);

            String auditPage = c.send("GET", "/v1/audit?limit=5", admin, null, 200);
            String auditId = JSON.readTree(auditPage).at("/records/0/audit_id").asText();
            assertThat(auditId).as("an audit record from the signals call").isNotBlank();
            c.send("GET", "/v1/audit/" + auditId, admin, null, 200);
            c.send("GET", "/v1/audit/no-such-id", admin, null, 404);
            c.send("GET", "/v1/audit/" + auditId + "/proof", admin, null, 409); // no checkpoint yet
            gateway.audit().checkpoint();
            c.send("GET", "/v1/audit/" + auditId + "/proof", admin, null, 200);
            c.send("GET", "/v1/audit/" + auditId + "/proof", client, null, 200); // acme's own signals call
            c.send("GET", "/v1/audit/no-such-id/proof", admin, null, 404);
            c.send("GET", "/v1/audit?limit=0", admin, null, 400);
            c.send("GET", "/v1/audit/verify", admin, null, 200);
            c.send("GET", "/v1/audit/verify", client, null, 403);
            c.send("GET", "/v1/incidents", admin, null, 200);
            c.send("GET", "/v1/incidents.csv", admin, null, 200);
            c.send("GET", "/v1/incidents?kind=oops", admin, null, 400);

            // the record is the acme client's: an admin rates it by naming the tenant
            c.send(
                    "POST",
                    "/v1/feedback/cards?tenant=acme",
                    admin,
                    "{\"target_action_id\":\"" + auditId + "\",\"rating\":5}",
                    201);
            c.send("POST", "/v1/feedback/cards", admin, "{\"target_action_id\":\"x\",\"rating\":9}", 422);
            c.send("GET", "/v1/feedback/lut", admin, null, 200);
            c.send("GET", "/v1/flags", admin, null, 200);
            c.send("GET", "/v1/flags", client, null, 403);
            c.send("PUT", "/v1/flags/BROWSER_TOOL", admin, "{\"value\":true}", 200);
            c.send("PUT", "/v1/flags/NO_SUCH_FLAG", admin, "{\"value\":true}", 404);

            c.send("POST", "/v1/colony/consensus", admin, """
                    {"key":"user.locale","method":"majority","opinions":[
                      {"agent_id":"a1","value":"en-GB","confidence":0.9},
                      {"agent_id":"a2","value":"en-GB","confidence":0.7},
                      {"agent_id":"a3","value":"fr-FR","confidence":0.6,"rationale":"browser header"}]}""", 200);
            c.send("POST", "/v1/colony/consensus", admin, "{\"key\":\"user.locale\",\"method\":\"majority\"}", 400);
            c.send("PUT", "/v1/dna/user.tone", admin, "{\"value\":{\"formal\":true},\"version\":2}", 200);
            c.send("PUT", "/v1/dna/user.tone", admin, "{\"value\":{\"formal\":true},\"version\":2}", 200);
            String stale =
                    c.send("PUT", "/v1/dna/user.tone", admin, "{\"value\":{\"formal\":false},\"version\":1}", 200);
            assertThat(JSON.readTree(stale).path("outcome").asText()).isEqualTo("stale");
            c.send("GET", "/v1/dna/user.tone", admin, null, 200);
            c.send("GET", "/v1/dna/user.tone/history", admin, null, 200);
            c.send("GET", "/v1/dna/never.written", admin, null, 404);
            c.send("GET", "/v1/scheduler/tasks", admin, null, 200);
        }

        assertThat(checked).isGreaterThanOrEqualTo(40);
        assertThat(violations)
                .as("routes whose responses depart from openapi.yaml:%n%s", describe())
                .isEmpty();
    }

    private String describe() {
        StringBuilder b = new StringBuilder();
        violations.forEach((route, v) -> b.append("  ")
                .append(route)
                .append(":\n    - ")
                .append(String.join("\n    - ", v))
                .append('\n'));
        return b.toString();
    }

    private final class Client {
        private final int port;

        Client(int port) {
            this.port = port;
        }

        /** Sends, checks the expected status, records every contract violation under its route; returns the body. */
        String send(String method, String path, String token, String body, int expected) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            Optional.ofNullable(token).ifPresent(t -> b.header("Authorization", "Bearer " + t));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
            checked++;
            List<String> v = contract.violations(method, r);
            if (!v.isEmpty()) {
                String route = method.toUpperCase(Locale.ROOT) + " "
                        + contract.templateFor(path).orElse(path);
                violations
                        .computeIfAbsent(route, k -> new ArrayList<>())
                        .addAll(v.stream().map(x -> r.statusCode() + " " + x).toList());
            }
            return r.body();
        }
    }
}
