package ai.lukhas.pwm.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.http.Routes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server on a free port, started before a test class and closed after it, with only the
 * given route groups; every GET answer is checked against openapi.yaml before the test sees it (for
 * tests of pages served without authentication).
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ContractCheckedServer SERVER = ContractCheckedServer.serving(() -> List.of(OpenApiRoutes.fromClasspath()));
 * ...
 * HttpResponse<String> r = SERVER.get("/openapi.json"); // the test fails if openapi.yaml disagrees
 * }</pre>
 */
public final class ContractCheckedServer implements BeforeAllCallback, AfterAllCallback {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private final Supplier<List<Routes>> groups;
    private GatewayServer server;

    private ContractCheckedServer(Supplier<List<Routes>> groups) {
        this.groups = groups;
    }

    /** A server with the route groups {@code groups} supplies when the test class starts. */
    public static ContractCheckedServer serving(Supplier<List<Routes>> groups) {
        return new ContractCheckedServer(groups);
    }

    /** The document the answers are checked against. */
    public static OpenApiContract contract() {
        return CONTRACT;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = GatewayServer.start(new ServerSettings("127.0.0.1", 0), groups.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
    }

    /** GET {@code path}; the answer has been checked against the contract. */
    public HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        CONTRACT.validateResponse("GET", r);
        return r;
    }

    /** GET {@code path}, which must answer 200 with a content type starting with {@code contentType}. */
    public HttpResponse<String> getOk(String path, String contentType) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).as(path).hasValueSatisfying(v -> assertThat(v)
                .startsWith(contentType));
        return r;
    }
}
