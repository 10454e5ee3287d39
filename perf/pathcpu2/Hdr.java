import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * perf/pathcpu2: Jetty's request parser over the peer harness's request head (wrk's four fields),
 * with its per-connection field cache (HttpConfiguration's default, 1,024) and without (0); one
 * parser reused as on a keep-alive connection. Thread CPU and bytes per parse, best of 7 rounds.
 */
public final class Hdr {
    static volatile Object sink;

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        String head = "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: 127.0.0.1:18481\r\n"
                + "Content-Length: 600\r\n"
                + "Content-Type: application/json\r\n"
                + "Authorization: Bearer sk-bench-0000000000000000000000000000000000000000\r\n"
                + "\r\n";
        byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
        ThreadMXBean t = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int pass = 0; pass < 2; pass++) {
            for (int cache : new int[] {1024, 0, 1024, 0}) {
                Handler h = new Handler();
                HttpParser p = new HttpParser(h, 8192);
                p.setHeaderCacheSize(cache);
                double best = Double.MAX_VALUE, bestB = Double.MAX_VALUE;
                for (int r = 0; r < 7; r++) {
                    long c0 = t.getCurrentThreadCpuTime(), b0 = t.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < n; i++) {
                        ByteBuffer b = ByteBuffer.wrap(bytes);
                        p.parseNext(b);
                        p.reset();
                    }
                    best = Math.min(best, (t.getCurrentThreadCpuTime() - c0) / (double) n);
                    bestB = Math.min(bestB, (t.getCurrentThreadAllocatedBytes() - b0) / (double) n);
                }
                if (pass == 1) {
                    System.out.printf("header cache %4d: %7.1f ns %5.0f B per head (%d fields)%n", cache, best, bestB, h.fields / (7L * n));
                }
            }
        }
    }

    static final class Handler implements HttpParser.RequestHandler {
        long fields;

        @Override public void startRequest(String method, String uri, HttpVersion version) { sink = uri; }
        @Override public void parsedHeader(HttpField field) { fields++; sink = field; }
        @Override public boolean headerComplete() { return true; }
        @Override public boolean content(ByteBuffer item) { return false; }
        @Override public boolean contentComplete() { return false; }
        @Override public boolean messageComplete() { return true; }
        @Override public void earlyEOF() {}
    }
}
