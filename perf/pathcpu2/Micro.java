import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * perf/pathcpu2: thread CPU and bytes allocated per operation of this branch's levers, old against
 * new, one thread, best of 7 rounds of n calls (ThreadMXBean). Run against a build's lukhas.jar
 * (perf/pathcpu2/README.md).
 */
public final class Micro {
    static final Pattern OLD_TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static volatile Object sink;
    static volatile boolean bsink;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        ThreadMXBean t = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Runnable> ops = new java.util.LinkedHashMap<>();
        String tenant = "default";
        // TenantId: the Matcher against the new character loop (through the record's constructor)
        ops.put("tenant regex", () -> bsink = OLD_TENANT.matcher(tenant).matches());
        ops.put("tenant TenantId.of (this build)", () -> sink = ai.lukhas.pwm.store.TenantId.of(tenant));
        // Host: Jetty's per-request URI (newRequest + getURI, as normalizeRequest does) against the kept field
        HttpClient client = new HttpClient();
        client.start();
        URI uri = URI.create("http://127.0.0.1:18080/v1/chat/completions");
        ops.put("host newRequest only", () -> sink = client.newRequest(uri));
        ops.put("host newRequest + getURI + field", () -> {
            URI u = client.newRequest(uri).getURI();
            sink = new HttpField(HttpHeader.HOST, u.getAuthority());
        });
        HttpField kept = new HttpField(HttpHeader.HOST, "127.0.0.1:18080");
        Object[] last = {uri, kept};
        ops.put("host newRequest + kept field", () -> {
            sink = client.newRequest(uri);
            sink = ((URI) last[0]).equals(uri) ? last[1] : null;
        });
        // response headers: the TreeMap + HttpHeaders.of per answer against a supplier left unmade
        HttpFields fields = HttpFields.build()
                .put("Server", "nginx/1.24.0")
                .put("Date", "Sat, 05 Dec 2026 22:00:00 GMT")
                .put("Content-Type", "application/json")
                .put("Content-Length", "512")
                .put("Connection", "keep-alive")
                .asImmutable();
        ops.put("headers made", () -> sink = headers(fields));
        ops.put("headers unmade (supplier)", () -> {
            Supplier<HttpHeaders> s = () -> headers(fields);
            sink = s;
        });
        // Checks.notBlank: the message built on every call (as before) against this build's
        String[] models = {"gpt-4o-mini", "s-1", "default"};
        int[] k = {0};
        ops.put("notBlank message every call", () -> sink = oldNotBlank(models[k[0]++ % 3], "model"));
        ops.put("notBlank (this build)", () -> sink = ai.lukhas.pwm.check.Checks.notBlank(models[k[0]++ % 3], "model"));
        // ClientParams as ChatRequestReader makes it (three records) against one canonical construction
        java.util.Optional<Double> temp = java.util.Optional.of(0.7);
        java.util.List<String> stop = java.util.List.of();
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> pass = java.util.Map.of();
        ops.put("ClientParams chained (3 records)", () -> sink = new ai.lukhas.pwm.pipeline.ClientParams(
                        temp, java.util.Optional.empty(), java.util.Optional.empty())
                .withStop(stop)
                .withPassThrough(pass));
        ops.put("ClientParams canonical (1 record)", () -> sink = new ai.lukhas.pwm.pipeline.ClientParams(
                temp, java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(), stop,
                java.util.Optional.empty(), pass));
        // a tool's schema in the upstream body: a deep copy (FunctionDefinition.parameters(), as before)
        // against the definition's own node (this build's UpstreamWire.function, through a private lookup)
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var schema = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(
                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"description\":\"what to"
                        + " look for\"},\"k\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"query\"]}");
        var fd = new ai.lukhas.pwm.provider.FunctionDefinition("retrieve_knowledge", "Search.", schema);
        var fl = java.lang.invoke.MethodHandles.privateLookupIn(
                ai.lukhas.pwm.provider.FunctionDefinition.class, java.lang.invoke.MethodHandles.lookup());
        java.lang.invoke.MethodHandle schemaOf = fl.findVirtual(
                ai.lukhas.pwm.provider.FunctionDefinition.class,
                "schema",
                java.lang.invoke.MethodType.methodType(com.fasterxml.jackson.databind.node.ObjectNode.class));
        var factory = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        ops.put("tool schema copied into body", () -> sink = factory.objectNode().set("parameters", fd.parameters()));
        ops.put("tool schema shared (this build)", () -> {
            try {
                sink = factory.objectNode()
                        .set("parameters", (com.fasterxml.jackson.databind.node.ObjectNode) schemaOf.invokeExact(fd));
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        for (int round = 0; round < 2; round++) {
            for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                double bestNs = Double.MAX_VALUE;
                double bestB = Double.MAX_VALUE;
                for (int r = 0; r < 7; r++) {
                    long c0 = t.getCurrentThreadCpuTime();
                    long b0 = t.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < n; i++) {
                        op.getValue().run();
                    }
                    long c1 = t.getCurrentThreadCpuTime();
                    long b1 = t.getCurrentThreadAllocatedBytes();
                    bestNs = Math.min(bestNs, (c1 - c0) / (double) n);
                    bestB = Math.min(bestB, (b1 - b0) / (double) n);
                }
                if (round == 1) {
                    System.out.printf("%-36s %9.1f ns %8.0f B%n", op.getKey(), bestNs, bestB);
                }
            }
        }
        client.stop();
    }

    /** Checks.notBlank as it was. */
    static String oldNotBlank(String value, String field) {
        java.util.Objects.requireNonNull(value, field + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, but was \"" + value + "\"");
        }
        return value;
    }

    /** JettyUpstreamHttp.headers, as it was. */
    static HttpHeaders headers(HttpFields fields) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField f : fields) {
            map.computeIfAbsent(f.getName(), k -> new ArrayList<>(1)).add(f.getValue());
        }
        return HttpHeaders.of(map, (k, v) -> true);
    }
}
