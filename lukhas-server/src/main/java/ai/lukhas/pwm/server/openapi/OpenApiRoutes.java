package ai.lukhas.pwm.server.openapi;

import ai.lukhas.pwm.server.http.Problem;
import ai.lukhas.pwm.server.http.ProblemException;
import ai.lukhas.pwm.server.http.Routes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The API's own description: {@code GET /openapi.json} (the contract-first {@code openapi.yaml},
 * converted to JSON once, at the first request for it: parsing the 160 KB document was a visible share of
 * start-up, docs/benchmarks.md) and Swagger UI at {@code GET /docs}, whose files come from the
 * Swagger UI webjar on the classpath (no CDN) and which reads {@code /openapi.json}.
 *
 * <pre>{@code
 * GatewayServer.start(settings, List.of(OpenApiRoutes.fromClasspath(), otherRoutes));
 * }</pre>
 */
public final class OpenApiRoutes implements Routes {
    /** Where the document lives on the classpath. */
    public static final String DOCUMENT_RESOURCE = "openapi.yaml";

    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final String OWN = "ai/lukhas/pwm/server/openapi/";
    /** The webjar files the page loads; everything else in the webjar is not served. */
    private static final Map<String, String> WEBJAR_ASSETS = Map.of(
            "swagger-ui.css", "text/css",
            "index.css", "text/css",
            "swagger-ui-bundle.js", "application/javascript",
            "swagger-ui-standalone-preset.js", "application/javascript",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");
    /** Replaces the webjar's initializer, which would load the petstore example from the internet. */
    private static final String INITIALIZER = "swagger-initializer.js";

    /** {@code openapi.yaml} as JSON, made at the first request for it. */
    private volatile String documentJson;

    private final String docsHtml;
    private final String webjarRoot;
    private final ClassLoader loader;

    private OpenApiRoutes(String docsHtml, String webjarRoot, ClassLoader loader) {
        this.docsHtml = docsHtml;
        this.webjarRoot = webjarRoot;
        this.loader = loader;
    }

    /**
     * Checks that {@code openapi.yaml} and every Swagger UI file are present; the document is read at the
     * first {@code GET /openapi.json}.
     *
     * @throws IllegalStateException when the document or the webjar is missing from the classpath
     *     (a packaging bug, not something a user can fix)
     */
    public static OpenApiRoutes fromClasspath() {
        ClassLoader loader = OpenApiRoutes.class.getClassLoader();
        if (loader.getResource(DOCUMENT_RESOURCE) == null) {
            throw new IllegalStateException(DOCUMENT_RESOURCE + " is missing from the classpath");
        }
        String version;
        try (InputStream in = open(loader, WEBJAR_POM)) {
            Properties p = new Properties();
            p.load(in);
            version = p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
        }
        if (version == null || version.isBlank()) {
            throw new IllegalStateException(WEBJAR_POM + " has no version");
        }
        String root = "META-INF/resources/webjars/swagger-ui/" + version + "/";
        for (String asset : WEBJAR_ASSETS.keySet()) {
            if (loader.getResource(root + asset) == null) {
                throw new IllegalStateException("Swagger UI file " + root + asset + " is missing from the classpath");
            }
        }
        if (loader.getResource(OWN + INITIALIZER) == null) {
            throw new IllegalStateException(OWN + INITIALIZER + " is missing from the classpath");
        }
        String html;
        try (InputStream in = open(loader, OWN + "docs.html")) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new OpenApiRoutes(html, root, loader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OWN + "docs.html", e);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(document()));
        routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docsHtml));
        routes.get("/docs/{asset}", this::asset);
    }

    /** The document as JSON, converted from YAML once (two requests racing the first convert it twice, alike). */
    String document() {
        String json = documentJson;
        if (json == null) {
            try (InputStream in = open(loader, DOCUMENT_RESOURCE)) {
                JsonNode document = new YAMLMapper().readTree(in);
                json = new ObjectMapper().writeValueAsString(document);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + DOCUMENT_RESOURCE + " from the classpath", e);
            }
            documentJson = json;
        }
        return json;
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        String resource;
        String type;
        if (name.equals(INITIALIZER)) {
            resource = OWN + INITIALIZER;
            type = "application/javascript";
        } else if (WEBJAR_ASSETS.containsKey(name)) {
            resource = webjarRoot + name;
            type = WEBJAR_ASSETS.get(name);
        } else {
            throw new ProblemException(Problem.of(
                    404,
                    "Not found",
                    "/docs/" + name + " is not a Swagger UI file; open /docs for the API documentation"));
        }
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " vanished from the classpath");
        }
        // The files are versioned with the webjar, so browsers may keep them for a day.
        ctx.header("Cache-Control", "public, max-age=86400").contentType(type).result(in);
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is missing from the classpath");
        }
        return in;
    }
}
