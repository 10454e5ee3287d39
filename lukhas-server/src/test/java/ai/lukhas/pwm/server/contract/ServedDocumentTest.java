package ai.lukhas.pwm.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.openapi.OpenApiRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /openapi.json and /docs on a real server, every response checked against the document it serves. */
class ServedDocumentTest {
    @RegisterExtension
    static final ContractCheckedServer SERVER =
            ContractCheckedServer.serving(() -> List.of(OpenApiRoutes.fromClasspath()));

    private static final OpenApiContract CONTRACT = ContractCheckedServer.contract();

    @Test
    void openapiJsonIsTheYamlDocumentAsJsonDeclaringOpenApi310() throws Exception {
        HttpResponse<String> r = SERVER.getOk("/openapi.json", "application/json");
        JsonNode served = new ObjectMapper().readTree(r.body());
        assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(served).isEqualTo(CONTRACT.document());
        assertThat(OpenApiContract.routesOf(served)).contains("POST /v1/chat/completions", "GET /docs");
    }

    @Test
    void servedDocumentPointsSwaggerUiAtItsOwnOriginWithoutADialectWarning() throws Exception {
        JsonNode served =
                new ObjectMapper().readTree(SERVER.get("/openapi.json").body());
        // Swagger UI 5 warns "OpenAPI.jsonSchemaDialect field contains a value different from the default"
        // for any jsonSchemaDialect other than the OAS 3.1 base dialect: the document declares none.
        assertThat(served.has("jsonSchemaDialect")).isFalse();
        // every server URL is relative, so "Try it out" calls the origin the document was served from,
        // whatever host and port the gateway runs on
        assertThat(served.path("servers")).isNotEmpty().allSatisfy(s -> {
            String url = s.path("url").asText();
            assertThat(url).startsWith("/").doesNotStartWith("//");
            assertThat(URI.create(url).isAbsolute()).isFalse();
        });
        assertThat(served.path("info").path("license").path("name").asText()).isEqualTo("Apache-2.0");
        assertThat(served.path("info").path("license").path("identifier").asText())
                .isEqualTo("Apache-2.0");
    }

    @Test
    void docsIsSwaggerUiPointingAtOpenapiJsonWithEveryFileFromThisServer() throws Exception {
        HttpResponse<String> page = SERVER.getOk("/docs", "text/html");
        assertThat(page.body()).contains("<div id=\"swagger-ui\"></div>").doesNotContain("http://", "https://");

        Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        int assets = 0;
        while (refs.find()) {
            String path = refs.group(1);
            assertThat(path).startsWith("/docs/");
            HttpResponse<String> asset = SERVER.get(path);
            assertThat(asset.statusCode()).as(path).isEqualTo(200);
            assertThat(asset.body()).as(path).isNotEmpty();
            assets++;
        }
        assertThat(assets).isEqualTo(7);

        assertThat(SERVER.get("/docs/swagger-ui-bundle.js").body()).contains("SwaggerUIBundle");
        assertThat(SERVER.get("/docs/swagger-ui.css").headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/css"));
        assertThat(SERVER.get("/docs/swagger-initializer.js").body())
                .contains("url: \"/openapi.json\"")
                .doesNotContain("petstore.swagger.io");
    }

    @Test
    void aFileOutsideTheSwaggerUiSetIsAProblem404() throws Exception {
        for (String path : List.of("/docs/oauth2-redirect.html", "/docs/pom.properties", "/docs/..%2Fopenapi.yaml")) {
            HttpResponse<String> r = SERVER.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.headers().firstValue("content-type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        }
    }

    @Test
    void healthzConformsToTheDocument() throws Exception {
        assertThat(SERVER.get("/healthz").statusCode()).isEqualTo(200);
    }
}
