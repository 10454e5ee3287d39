package ai.lukhas.pwm.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lukhas.pwm.server.LogCapture;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for issue #20: a client that leaves in the middle of a stream made the gateway log an
 * ERROR with a full stack trace (20 disconnects, 20 traces). It is one INFO line naming the request.
 */
class ClientDisconnectLogTest {
    @TempDir
    Path dir;

    @Test
    void aClientLeavingMidStreamIsOneInfoLineWithTheRequestIdAndNoStackTrace() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                // more than the 64 characters a stream holds back, so the first sentence reaches the client
                out.write(event(GovernanceHardeningRoutesTest.chunk(
                        "{\"role\":\"assistant\",\"content\":\"First sentence. "
                                + "Then some more plain words. ".repeat(12) + "\"}",
                        null)));
                out.flush();
                clientGone.await(30, TimeUnit.SECONDS);
                for (int i = 0; i < 200; i++) {
                    out.write(event(GovernanceHardeningRoutesTest.chunk("{\"content\":\"More words here. \"}", null)));
                    out.flush();
                }
                out.write(event(GovernanceHardeningRoutesTest.chunk("{}", "stop")));
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException | InterruptedException e) {
                // the gateway closed the upstream stream after the client left: expected
            }
        });
        upstream.start();
        PrintStream realErr = System.err;
        LogCapture captured = new LogCapture("client disconnected");
        // slf4j-simple writes to whatever System.err is at the time of each log call
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String log;
        String auditId;
        try (TestGateway gw = new TestGateway(
                dir,
                "upstream: {url: \"http://127.0.0.1:" + upstream.getAddress().getPort()
                        + "/v1\", api_key: sk-test-upstream-0000000000, model: gpt-4o-mini}\n")) {
            String body = "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"tell me more\"}]}";
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.server.port())) {
                s.setSoTimeout(30_000);
                String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + gw.server.port()
                        + "\r\nAuthorization: Bearer " + gw.admin + "\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
                s.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
                String seen = readUntil(s.getInputStream(), "First sentence");
                Matcher m = Pattern.compile("(?i)x-lukhas-audit-id: *(\\S+)").matcher(seen);
                assertThat(m.find()).as(seen).isTrue();
                auditId = m.group(1);
                s.setSoLinger(true, 0); // leave abruptly (RST), as a killed client does
            }
            clientGone.countDown();
            captured.seen.await(30, TimeUnit.SECONDS);
            log = captured.text();
        } finally {
            System.setErr(realErr);
            upstream.stop(0);
        }
        realErr.print(log);
        List<String> lines = log.lines().filter(l -> l.contains(auditId)).toList();
        assertThat(lines).as(log).hasSize(1);
        assertThat(lines.get(0)).contains(" INFO ").contains("client disconnected mid-stream");
        assertThat(log).doesNotContain("ERROR").doesNotContain("\tat ").doesNotContain("unhandled error");
    }

    private static byte[] event(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return seen.toString();
    }
}
