package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditBundle;
import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.governance.incident.EscalationSubject;
import ai.lukhas.pwm.memory.dna.WriteRequest;
import ai.lukhas.pwm.modulation.SessionKey;
import ai.lukhas.pwm.pipeline.SessionStore;
import ai.lukhas.pwm.server.Gateway;
import ai.lukhas.pwm.server.GatewayServer;
import ai.lukhas.pwm.server.ServerSettings;
import ai.lukhas.pwm.server.auth.Role;
import ai.lukhas.pwm.server.config.ConfigLoader;
import ai.lukhas.pwm.server.config.LukhasConfig;
import ai.lukhas.pwm.store.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 21, item 3: fills a real gateway's stores with 1,000,000 audit records and 100,000 incidents (10
 * tenants, 20,000 sessions, the last 7 days), plus 10,000 DNA keys and 100,000 sessions in the session
 * store (its capacity), then times every data route the
 * dashboard's pages load, over HTTP against the running server, and prints a Markdown table (median and
 * worst of {@code --runs} timed requests after warm-up, and the answer's size). Not a test: run it by hand,
 * on a quiet machine, and state the load average next to the figures:
 *
 * <pre>{@code
 * ./mvnw -q -B -DskipTests -Dspotless.check.skip=true -pl lukhas-bench -am package
 * flock /work/wt/bench.lock java -Xmx2g -cp lukhas-bench/target/benchmarks.jar \
 *     ai.lukhas.pwm.bench.DashboardScale [audit records] [incidents] [runs] [noverify]
 * }</pre>
 *
 * The audit records are appended through the gateway's own {@link AuditLog} (durability {@code os}, eight
 * appending threads, so group commit batches them); the incidents are inserted into the incident store's
 * table in one transaction (recording 100,000 one by one through {@code IncidentLog} would time the disk's
 * fsync, not the dashboard).
 */
public final class DashboardScale {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TENANTS = 10;
    private static final int SESSIONS = 20_000;
    private static final String[] KINDS = {
        "blocked_tool", "invalid_arguments", "flagged_input", "flagged_tool_output", "flagged_output", "provider_error"
    };
    private static final String[] OUTCOMES = {"completed", "completed", "completed", "refused", "content_filtered"};

    private DashboardScale() {}

    public static void main(String[] args) throws Exception {
        int auditRecords = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int incidents = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        boolean verify = args.length <= 3 || !args[3].equals("noverify");
        Path dir = Files.createTempDirectory("lukhas-dashboard-scale");
        Files.writeString(
                dir.resolve("lukhas.yaml"),
                "tenants:\n  default:\n    tools: [retrieval]\n"
                        + "    rate_limit: {requests_per_second: 100000, burst: 100000}\n");
        LukhasConfig config = ConfigLoader.load(
                Optional.of(dir.resolve("lukhas.yaml")),
                Map.of(
                        "LUKHAS_DATA_DIR", dir.resolve("data").toString(),
                        "LUKHAS_AUDIT_DURABILITY", "os",
                        "LUKHAS_FLAGS_FILE", dir.resolve("flags.yaml").toString()));
        Instant now = Instant.now();
        try (Gateway gateway = Gateway.open(config, Map.of(), Clock.systemUTC())) {
            long t0 = System.nanoTime();
            String someAuditId = fillAudit(gateway.audit(), auditRecords, now);
            long t1 = System.nanoTime();
            fillIncidents(gateway, incidents, now);
            long t2 = System.nanoTime();
            fillDna(gateway);
            long t3 = System.nanoTime();
            SessionStore sessions = gateway.pipeline().sessions();
            fillSessions(sessions);
            System.out.printf(
                    "filled %,d audit records in %.1f s, %,d incidents in %.1f s, 10,000 DNA keys in %.1f s,"
                            + " %,d sessions%n",
                    auditRecords, (t1 - t0) / 1e9, incidents, (t2 - t1) / 1e9, (t3 - t2) / 1e9, sessions.size());
            // the overview reuses its count of sessions by mode for 5 s; this is what a recount costs
            double[] recount = new double[5];
            for (int i = 0; i < recount.length; i++) {
                long s = System.nanoTime();
                sessions.countByMode();
                recount[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(recount);
            System.out.printf(
                    "sessions by mode, a recount over every held session: median %.1f ms, worst %.1f ms%n",
                    recount[2], recount[4]);
            String admin = gateway.keys().issue(Role.ADMIN, "default", "scale").token();
            try (GatewayServer server = gateway.start(new ServerSettings("127.0.0.1", 0, 1 << 20))) {
                measure(server.port(), admin, someAuditId, now, runs, verify);
            }
        }
    }

    private static String tenant(long i) {
        return "t" + (i % TENANTS);
    }

    private static String fillAudit(AuditLog log, int n, Instant now) throws Exception {
        AtomicLong next = new AtomicLong();
        JsonNode request = JSON.readTree("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"summarise the quarterly report for the board in five bullet points\"}],\"stream\":false}");
        JsonNode modulation = JSON.readTree("{\"params\":{\"temperature\":0.7,\"top_p\":0.9,\"max_output_tokens\":"
                + "1024,\"safety_mode\":\"balanced\"},\"policy\":{\"version\":1}}");
        JsonNode decision = JSON.readTree("{\"key\":\"k\",\"decided\":true,\"tenant\":\"t3\"}");
        long spanMillis = Duration.ofDays(7).toMillis();
        int threads = 8;
        String[] first = new String[1];
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < n; ) {
                        // consensus decisions are rare: one in 10,000
                        boolean consensus = i % 10_000 == 7;
                        Instant ts = now.minusMillis(spanMillis - spanMillis * i / n);
                        AuditBundle b = AuditBundle.builder(UUID.randomUUID().toString(), ts)
                                .tenant(tenant(i))
                                .session(consensus ? "" : "s-" + (i % SESSIONS))
                                .user("key-" + (i % 7))
                                .request(consensus ? decision : request)
                                .modulation(modulation)
                                .provider("openai-compatible")
                                .model("gpt-4o-mini")
                                .latencyMs(120 + i % 400)
                                .outcome(consensus ? "consensus_decided" : OUTCOMES[(int) (i % OUTCOMES.length)])
                                .build();
                        String id = log.append(b).auditId();
                        if (i == n / 2) {
                            first[0] = id;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        return first[0];
    }

    private static void fillIncidents(Gateway gateway, int n, Instant now) {
        long spanNanos = Duration.ofDays(7).toNanos();
        long end = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        gateway.database().transaction(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO incident"
                    + " (id, audit_id, session_id, kind, tool, detail, severity, ts_nanos, tenant)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    String kind = KINDS[i % KINDS.length];
                    st.setString(1, UUID.randomUUID().toString());
                    st.setString(2, UUID.randomUUID().toString());
                    st.setString(3, "s-" + (i % SESSIONS));
                    st.setString(4, kind);
                    st.setString(5, kind.equals("blocked_tool") ? "open_url" : null);
                    st.setString(6, "not offered: the tenant's ceiling excludes it (incident " + i + ")");
                    st.setString(7, "high");
                    st.setLong(8, end - spanNanos + spanNanos / n * i);
                    st.setString(9, tenant(i));
                    st.addBatch();
                    if (i % 10_000 == 9_999) {
                        st.executeBatch();
                    }
                }
                st.executeBatch();
            }
            return n;
        });
    }

    private static void fillDna(Gateway gateway) {
        TenantId t3 = TenantId.of("t3");
        for (int batch = 0; batch < 10; batch++) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                writes.add(new WriteRequest(
                        "project.k" + (batch * 1000 + i),
                        JsonNodeFactory.instance.textNode("value " + i),
                        1,
                        1.0,
                        JsonNodeFactory.instance.objectNode()));
            }
            gateway.helix().writeAll(t3, writes);
        }
    }

    /** The session store's capacity: 100,000 sessions of the ten tenants, 1,000 users. */
    private static void fillSessions(SessionStore sessions) {
        for (int i = 0; i < 100_000; i++) {
            sessions.requestEnded(
                    new EscalationSubject(
                            SessionKey.of(tenant(i), "s-" + i), Optional.of("user-" + (i % 1000)), "key-" + (i % 7)),
                    i % 50 == 0 ? 1 : 0);
        }
    }

    private static void measure(int port, String admin, String auditId, Instant now, int runs, boolean verifyToo)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + port;
        String dayAgo = enc(now.minus(Duration.ofDays(1)).toString());
        String twoDaysAgo = enc(now.minus(Duration.ofDays(2)).toString());
        JsonNode firstPage =
                JSON.readTree(get(http, base + "/v1/incidents?tenant=t3", admin).body());
        String poll = firstPage.path("poll_cursor").asText();
        String incidentCursor = firstPage.path("next_cursor").asText();
        JsonNode auditPage = JSON.readTree(
                get(http, base + "/v1/audit?tenant=t3&order=desc", admin).body());
        String auditCursor = auditPage.path("next_cursor").asText();
        Map<String, String> routes = new LinkedHashMap<>();
        routes.put("Overview", "/v1/admin/overview");
        routes.put("Sessions: find by tenant", "/v1/sessions?tenant=t3");
        routes.put("Sessions: find by user", "/v1/sessions?tenant=t3&user=user-43");
        routes.put("Sessions: one session (admin view)", "/v1/sessions/s-42?tenant=t3");
        routes.put("Incidents: newest 100 of a tenant", "/v1/incidents?tenant=t3");
        routes.put("Incidents: next page (cursor)", "/v1/incidents?tenant=t3&cursor=" + incidentCursor);
        routes.put("Incidents: all tenants, one kind", "/v1/incidents?all_tenants=true&kind=blocked_tool");
        routes.put("Incidents: a tenant's session", "/v1/incidents?tenant=t3&session=s-43");
        routes.put(
                "Incidents: a tenant, a 1-day window",
                "/v1/incidents?tenant=t3&from=" + twoDaysAgo + "&until=" + dayAgo);
        routes.put("Incidents: live poll (after)", "/v1/incidents?tenant=t3&after=" + poll);
        routes.put("Incidents: CSV export, 1000 rows", "/v1/incidents.csv?tenant=t3&limit=1000");
        routes.put("Audit: newest 100, all tenants", "/v1/audit?order=desc");
        routes.put("Audit: newest 100 of a tenant", "/v1/audit?tenant=t3&order=desc");
        routes.put("Audit: next page (cursor)", "/v1/audit?tenant=t3&order=desc&cursor=" + auditCursor);
        routes.put("Audit: a tenant and outcome", "/v1/audit?tenant=t3&outcome=refused&order=desc");
        routes.put(
                "Audit: a tenant, a 1-day window",
                "/v1/audit?tenant=t3&from=" + twoDaysAgo + "&to=" + dayAgo + "&order=desc");
        routes.put("Audit: a session (sparse: 50 of 1M)", "/v1/audit?session=s-42&order=desc");
        routes.put("Audit: no match (full index pass)", "/v1/audit?session=no-such-session");
        routes.put("Audit: one record by id", "/v1/audit/" + auditId);
        routes.put("Policy", "/v1/modulation/policy");
        routes.put("Flags", "/v1/flags");
        routes.put("Feedback: LUT history", "/v1/feedback/lut/history?tenant=t3");
        routes.put("Memory: DNA keys, first page", "/v1/dna?tenant=t3");
        routes.put("Memory: DNA keys by prefix", "/v1/dna?tenant=t3&prefix=project.k99");
        routes.put("Memory: colony decisions (1 in 10,000 records)", "/v1/colony/decisions?tenant=t3");
        routes.put("Keys", "/v1/keys");
        routes.put("Tenants", "/v1/tenants");
        System.out.println();
        System.out.println("| page data | route | median ms | worst ms | bytes |");
        System.out.println("|---|---|---:|---:|---:|");
        for (Map.Entry<String, String> e : routes.entrySet()) {
            String url = base + e.getValue();
            HttpResponse<String> first = get(http, url, admin);
            if (first.statusCode() != 200) {
                throw new IllegalStateException(e.getValue() + " answered " + first.statusCode() + ": " + first.body());
            }
            for (int i = 0; i < 3; i++) {
                get(http, url, admin);
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long s = System.nanoTime();
                get(http, url, admin);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            String shown = e.getValue().length() > 70 ? e.getValue().substring(0, 67) + "..." : e.getValue();
            System.out.printf(
                    "| %s | `%s` | %.1f | %.1f | %,d |%n",
                    e.getKey(), shown, ms[runs / 2], ms[runs - 1], first.body().length());
        }
        if (verifyToo) {
            long s = System.nanoTime();
            HttpResponse<String> verify = get(http, base + "/v1/audit/verify", admin);
            System.out.printf(
                    "%nGET /v1/audit/verify (an explicit action, reads every segment): %.0f ms, intact=%s%n",
                    (System.nanoTime() - s) / 1e6,
                    JSON.readTree(verify.body()).path("intact").asText());
        }
        System.out.printf(
                "load average at the end: %.2f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
