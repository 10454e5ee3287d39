import ai.lukhas.pwm.provider.*;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.*;
import com.fasterxml.jackson.databind.node.*;
import java.lang.invoke.*;
import java.lang.management.ManagementFactory;
import java.util.*;
import java.util.function.*;
import java.util.regex.Pattern;

public class Micro {
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static volatile Object sink;
    static final Pattern IPV4 = Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){2}");
    static final Pattern PORT = Pattern.compile(":\\d{1,5}");
    static boolean oldLoopback(String authority) {
        String host = authority;
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        if (colon > bracket) {
            if (!PORT.matcher(authority.substring(colon)).matches()) return false;
            host = authority.substring(0, colon);
        }
        return host.equalsIgnoreCase("localhost") || host.equals("[::1]") || IPV4.matcher(host).matches();
    }
    static void run(String name, int n, Runnable op) {
        for (int i = 0; i < n; i++) op.run(); // warm
        double best = Double.MAX_VALUE; long bytes = 0;
        for (int r = 0; r < 7; r++) {
            long c0 = MX.getCurrentThreadCpuTime(), a0 = MX.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) op.run();
            long c1 = MX.getCurrentThreadCpuTime(), a1 = MX.getCurrentThreadAllocatedBytes();
            best = Math.min(best, (c1 - c0) / (double) n); bytes = (a1 - a0) / n;
        }
        System.out.printf("%-22s %9.1f ns/op (best of 7 rounds, thread CPU)  %6d B/op%n", name, best, bytes);
    }
    public static void main(String[] a) throws Throwable {
        int n = Integer.parseInt(a[0]);
        String which = a.length > 1 ? a[1] : "all";
        var lookup = MethodHandles.privateLookupIn(Class.forName("ai.lukhas.pwm.server.RequestScreen"), MethodHandles.lookup());
        MethodHandle loop = lookup.findStatic(Class.forName("ai.lukhas.pwm.server.RequestScreen"), "isLoopbackAuthority", MethodType.methodType(boolean.class, String.class));
        String host = "127.0.0.1:18381";
        if (!(boolean) loop.invokeExact(host) || !oldLoopback(host)) throw new AssertionError();
        run("loopback-regex", n, () -> sink = oldLoopback(host));
        run("loopback-new", n, () -> { try { sink = (boolean) loop.invokeExact(host); } catch (Throwable t) { throw new RuntimeException(t); } });
        run("uuid", n / 4, () -> sink = UUID.randomUUID());

        ObjectMapper deque = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build());
        ObjectMapper slots = new ObjectMapper(JsonFactory.builder().recyclerPool(JsonBuffers.pool()).build());
        ChatResponse resp = new ChatResponse("chatcmpl-mock000000000000000000000001", "gpt-4o-mini-2024-07-18",
            new AssistantMessage(Optional.of("Hello! This is a fixed reply from the mock upstream. It is used to measure gateway overhead."), List.of()),
            FinishReason.STOP, Optional.of(new Usage(123, 19, 142)));
        ObjectNode ext = JsonNodeFactory.instance.objectNode().put("audit_id", "a-0123456789").put("session_id", "s-5f0e2c1c-7d1f-4a54-9d4e-3a1c2b3d4e5f").put("safety_mode", "balanced");
        ext.putObject("params").put("temperature", 0.7).put("top_p", 0.95).put("max_output_tokens", 256).put("reasoning_effort", 0.4);
        ext.putArray("incidents");
        run("render-writer", n, () -> { try { sink = slots.writeValueAsBytes(OpenAiJson.completionWriter(resp, 1700000000L, "lukhas", ext));} catch (Exception e) { throw new RuntimeException(e);} });
        run("render-tree", n, () -> { try { ObjectNode t = OpenAiJson.completion(resp, 1700000000L); t.set("lukhas", ext); sink = slots.writeValueAsBytes(t);} catch (Exception e) { throw new RuntimeException(e);} });
        run("render-writer2", n, () -> { try { sink = slots.writeValueAsBytes(OpenAiJson.completionWriter(resp, 1700000000L, "lukhas", ext));} catch (Exception e) { throw new RuntimeException(e);} });
        run("render-tree2", n, () -> { try { ObjectNode t = OpenAiJson.completion(resp, 1700000000L); t.set("lukhas", ext); sink = slots.writeValueAsBytes(t);} catch (Exception e) { throw new RuntimeException(e);} });
        byte[] body = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(System.getProperty("body", "../shared/bench/wrk/body.json")));
        run("parse-slot-pool", n, () -> { try { sink = slots.readTree(body);} catch (Exception e) { throw new RuntimeException(e);} });
        run("parse-deque-pool", n, () -> { try { sink = deque.readTree(body);} catch (Exception e) { throw new RuntimeException(e);} });
        run("parse-deque-pool2", n, () -> { try { sink = deque.readTree(body);} catch (Exception e) { throw new RuntimeException(e);} });
        run("parse-slot-pool2", n, () -> { try { sink = slots.readTree(body);} catch (Exception e) { throw new RuntimeException(e);} });
        var dp = JsonRecyclerPools.sharedConcurrentDequePool(); var sp = JsonBuffers.pool();
        run("pool-deque acq+rel", n, () -> { var r = dp.acquireAndLinkPooled(); r.releaseToPool(); });
        run("pool-slots acq+rel", n, () -> { var r = sp.acquireAndLinkPooled(); r.releaseToPool(); });
    }
}
