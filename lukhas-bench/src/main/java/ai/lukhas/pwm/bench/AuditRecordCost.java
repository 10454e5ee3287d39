package ai.lukhas.pwm.bench;

import ai.lukhas.pwm.audit.AuditLog;
import ai.lukhas.pwm.audit.AuditLogConfig;
import ai.lukhas.pwm.audit.AuditRedactor;
import ai.lukhas.pwm.audit.Durability;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * CPU time and bytes allocated per {@link AuditLog#append} on the calling thread for the bundle the peer
 * harness's chat request leaves (the record below is one the gateway stored during a harness run, less
 * its chain fields and id): a fresh random session id and modulation trace time per append, as the gateway
 * gives each request. Durability OS, one thread, so the caller writes its own record (a page-cache write);
 * redaction and canonical serialisation are most of the rest. Uses only the public API, so the class runs
 * against an older build's jar too ({@code -cp harness-classes:old-benchmarks.jar}).
 *
 * <p>Run: {@code java -cp lukhas-bench/target/benchmarks.jar ai.lukhas.pwm.bench.AuditRecordCost 20000 10}
 * (appends per round, rounds; the best and the median of the last half of the rounds); see
 * docs/benchmarks.md, "Issue #19 levers — per-request work".
 */
public final class AuditRecordCost {
    static final String HARNESS_RECORD = """
            {"incidents":[],"latency_ms":3,"model":"gpt-4o-mini-2024-07-18","moderation":{"verdicts":[{"chars":2\
39,"flagged":[],"kind":"user_input","preset":"standard","provider":"local","reasons":[],"result":"pa\
ssed","scores":{},"step":0},{"chars":92,"checks_so_far":1,"flagged":[],"kind":"final_output","preset\
":"standard","provider":"local","reasons":[],"result":"passed","scores":{},"step":1}]},"modulation":\
{"feedback":{"cached":true,"memory_write_boost":0.0,"scope":"global","temperature_delta":0.0,"top_p_\
delta":0.0,"version":1},"final_safety_mode":"balanced","results":[{"effective":{"client_tightening":\
["temperature: client asked 0.7, lowered to the modulated 0.6","max_tokens: client's 256 kept (modul\
ated 900)"],"max_output_tokens":256,"temperature":0.6,"top_p":0.9},"params":{"max_output_tokens":900\
,"memory_write":0.4,"planner_beam":2,"reasoning_effort":0.5,"retrieval_k":6,"safety_mode":"balanced"\
,"temperature":0.6,"tool_allowlist":["retrieval","browser","scheduler"],"top_p":0.9},"policy":{"sha2\
56":"c0ebc75bd59d7a0ac078773dd95babe72d1d331f10679996e2ec6365072fe73c","version":1},"prompt_style":{\
"moderation_preset":"standard","name":"balanced","stop_sequences":[]},"reason":"request","step":0,"t\
race":{"at":"2026-12-04T20:06:29.421Z","parameters":{"max_output_tokens":{"bounded":false,"cap_appli\
ed":false,"contributions":[],"feedback_delta":0.0,"from_default":true,"notes":[]},"memory_write":{"b\
ounded":false,"cap_applied":false,"contributions":[],"feedback_delta":0.0,"from_default":true,"notes\
":[]},"planner_beam":{"bounded":false,"cap_applied":false,"contributions":[],"feedback_delta":0.0,"f\
rom_default":true,"notes":[]},"reasoning_effort":{"bounded":false,"cap_applied":false,"contributions\
":[],"feedback_delta":0.0,"from_default":true,"notes":[]},"retrieval_k":{"bounded":false,"cap_applie\
d":false,"contributions":[],"feedback_delta":0.0,"from_default":true,"notes":[]},"safety_mode":{"bou\
nded":false,"cap_applied":false,"contributions":[],"feedback_delta":0.0,"from_default":true,"notes":\
[]},"temperature":{"bounded":false,"cap_applied":false,"contributions":[],"feedback_delta":0.0,"from\
_default":true,"notes":[]},"tool_allowlist":{"bounded":false,"cap_applied":false,"contributions":[],\
"feedback_delta":0.0,"from_default":true,"notes":[]},"top_p":{"bounded":false,"cap_applied":false,"c\
ontributions":[],"feedback_delta":0.0,"from_default":true,"notes":[]}},"signals":[],"strict_default"\
:false}}],"tightenings":[]},"outcome":"completed","provider":"openai-compatible","request":{"client_\
params":{"max_tokens":256,"pass_through":["user"],"temperature":0.7},"client_tools":[],"finish_reaso\
n":"stop","key_id":"local","last_user_chars":239,"max_steps":6,"messages":2,"model":"gpt-4o-mini","o\
verhead_ms":0.088,"released_chars":92,"steps":1,"stream":false,"tenant_tool_ceiling":["retrieval","b\
rowser","scheduler","code_exec"],"tool_allowlist":[],"tool_allowlist_given":true,"upstream_ms":2.95}\
,"session":"s-fe995298-1fe8-4426-803b-2b8eeed0802b","signals":{"recorded":[]},"tenant":"default","to\
ol_calls":{"calls":[]},"tools_offered":{"offers":[{"excluded":[{"reason":"not in the request's tool \
allowlist","stage":"request_allowlist","tool":"retrieval"},{"reason":"not in the request's tool allo\
wlist","stage":"request_allowlist","tool":"browser"},{"reason":"not in the request's tool allowlist"\
,"stage":"request_allowlist","tool":"scheduler"},{"reason":"not in the request's tool allowlist","st\
age":"request_allowlist","tool":"code_exec"}],"offered":[],"reason":"request","step":0}]},"usage":{"\
completion_tokens":19,"prompt_tokens":123,"total_tokens":142},"user":"bench-user-42"}""";

    private AuditRecordCost() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        JsonNode rec = new ObjectMapper().readTree(HARNESS_RECORD);
        ObjectNode trace =
                (ObjectNode) rec.path("modulation").path("results").path(0).path("trace");
        Path dir = Files.createTempDirectory("auditcost");
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        double[] cpu = new double[rounds];
        double[] bytes = new double[rounds];
        try (AuditLog log = AuditLog.open(
                AuditLogConfig.defaults(dir).withDurability(Durability.OS),
                AuditRedactor.standard(),
                Clock.systemUTC())) {
            for (int r = 0; r < rounds; r++) {
                long c0 = t.getCurrentThreadCpuTime();
                long b0 = t.getThreadAllocatedBytes(self);
                for (int i = 0; i < n; i++) {
                    trace.put(
                            "at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()); // as the gateway writes it
                    log.append(log.newBundle()
                            .tenant(rec.path("tenant").asText())
                            .session("s-" + UUID.randomUUID())
                            .user(rec.path("user").asText())
                            .provider(rec.path("provider").asText())
                            .model(rec.path("model").asText())
                            .request(rec.path("request"))
                            .signals(rec.path("signals"))
                            .modulation(rec.path("modulation"))
                            .toolsOffered(rec.path("tools_offered"))
                            .toolCalls(rec.path("tool_calls"))
                            .moderation(rec.path("moderation"))
                            .incidents(rec.path("incidents"))
                            .usage(rec.path("usage"))
                            .latencyMs(3)
                            .outcome("completed")
                            .handOver()
                            .build());
                }
                cpu[r] = (t.getCurrentThreadCpuTime() - c0) / 1e3 / n;
                bytes[r] = (double) (t.getThreadAllocatedBytes(self) - b0) / n;
            }
        } finally {
            BenchFiles.deleteTree(dir);
        }
        double[] lastCpu = java.util.Arrays.copyOfRange(cpu, rounds / 2, rounds);
        double[] lastBytes = java.util.Arrays.copyOfRange(bytes, rounds / 2, rounds);
        java.util.Arrays.sort(lastCpu);
        java.util.Arrays.sort(lastBytes);
        System.out.printf(
                Locale.ROOT,
                "append: %.2f us CPU best, %.2f median; %.0f B allocated best, %.0f median (last %d of %d rounds of %d)%n",
                lastCpu[0],
                lastCpu[lastCpu.length / 2],
                lastBytes[0],
                lastBytes[lastBytes.length / 2],
                lastCpu.length,
                rounds,
                n);
    }
}
