import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Paced load with per-request logging (issue #19, the paced p99): CONNS keep-alive connections, each
 * sends the harness's request, reads the whole answer, waits THINK ms (as wrk's delay() in the peer
 * harness's paced row), and again. Logs one line per request: connection, send time (epoch µs),
 * latency (µs), status, send time (CLOCK_MONOTONIC ns, as {@code perf record -k CLOCK_MONOTONIC}). Platform threads and plain blocking sockets, so the client itself adds
 * nothing but a read(2) wake-up.
 *
 * <p>{@code java perf/PacedClient.java HOST:PORT PATH BODY WARMUP_S SECONDS CONNS THINK_MS OUT.tsv}
 */
public final class PacedClient {
  record Sample(int conn, long sendEpochMicros, long latencyMicros, int status, long sendMonoNanos) {}

  public static void main(String[] args) throws Exception {
    String[] hp = args[0].split(":");
    String host = hp[0];
    int port = Integer.parseInt(hp[1]);
    String path = args[1];
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    int warmup = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int conns = Integer.parseInt(args[5]);
    long thinkNanos = (long) (Double.parseDouble(args[6]) * 1_000_000);
    Path out = Path.of(args[7]);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer sk-bench-0000000000000000000000000000000000000000\r\n"
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] request = new byte[head.length + body.length];
    System.arraycopy(head, 0, request, 0, head.length);
    System.arraycopy(body, 0, request, head.length, body.length);

    long epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    @SuppressWarnings("unchecked")
    List<Sample>[] perConn = new List[conns];
    Thread[] threads = new Thread[conns];
    for (int c = 0; c < conns; c++) {
      int conn = c;
      perConn[c] = new ArrayList<>(seconds * 1000);
      threads[c] =
          Thread.ofPlatform()
              .name("paced-" + c)
              .start(
                  () -> {
                    // stagger the connections across one think period
                    LockSupport.parkNanos(thinkNanos * conn / conns);
                    try (Socket s = new Socket()) {
                      s.setTcpNoDelay(true);
                      s.connect(new InetSocketAddress(host, port));
                      OutputStream os = s.getOutputStream();
                      InputStream is = new java.io.BufferedInputStream(s.getInputStream(), 64 * 1024);
                      byte[] buf = new byte[64 * 1024];
                      while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= end) break;
                        os.write(request);
                        os.flush();
                        int status = readResponse(is, buf);
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) {
                          perConn[conn].add(
                              new Sample(conn, (t0 + epochOffsetNanos) / 1000, (t1 - t0) / 1000, status, t0));
                        }
                        long wakeAt = t1 + thinkNanos;
                        long left;
                        while ((left = wakeAt - System.nanoTime()) > 0) LockSupport.parkNanos(left);
                      }
                    } catch (IOException e) {
                      System.err.println("conn " + conn + ": " + e);
                    }
                  });
    }
    for (Thread t : threads) t.join();
    List<Sample> all = new ArrayList<>();
    for (List<Sample> l : perConn) all.addAll(l);
    all.sort((a, b) -> Long.compare(a.sendEpochMicros, b.sendEpochMicros));
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("conn\tsend_epoch_us\tlatency_us\tstatus\tsend_monotonic_ns");
      for (Sample s : all)
        w.println(s.conn + "\t" + s.sendEpochMicros + "\t" + s.latencyMicros + "\t" + s.status + "\t" + s.sendMonoNanos);
    }
    long[] lat = all.stream().mapToLong(Sample::latencyMicros).sorted().toArray();
    long bad = all.stream().filter(s -> s.status != 200).count();
    System.out.printf(
        "requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non200=%d%n",
        lat.length,
        lat.length / (double) seconds,
        pct(lat, 50),
        pct(lat, 90),
        pct(lat, 99),
        pct(lat, 99.9),
        lat.length == 0 ? 0 : lat[lat.length - 1],
        bad);
  }

  static long pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Reads one HTTP/1.1 response (Content-Length or chunked); returns its status. */
  static int readResponse(InputStream is, byte[] buf) throws IOException {
    ByteArrayOutputStream headBytes = new ByteArrayOutputStream(512);
    int state = 0;
    while (state < 4) {
      int b = is.read();
      if (b < 0) throw new IOException("closed");
      headBytes.write(b);
      state =
          switch (state) {
            case 0, 2 -> b == '\r' ? state + 1 : 0;
            case 1, 3 -> b == '\n' ? state + 1 : (b == '\r' ? 1 : 0);
            default -> 0;
          };
    }
    String headText = headBytes.toString(StandardCharsets.ISO_8859_1);
    String[] lines = headText.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    for (String l : Arrays.copyOfRange(lines, 1, lines.length)) {
      int c = l.indexOf(':');
      if (c < 0) continue;
      String k = l.substring(0, c).trim().toLowerCase();
      String v = l.substring(c + 1).trim();
      if (k.equals("content-length")) length = Long.parseLong(v);
      if (k.equals("transfer-encoding") && v.toLowerCase().contains("chunked")) chunked = true;
    }
    if (chunked) {
      while (true) {
        String sizeLine = readLine(is);
        int semi = sizeLine.indexOf(';');
        long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (!readLine(is).isEmpty()) {}
          return status;
        }
        skip(is, buf, size);
        readLine(is);
      }
    }
    if (length > 0) skip(is, buf, length);
    return status;
  }

  static void skip(InputStream is, byte[] buf, long n) throws IOException {
    while (n > 0) {
      int r = is.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) throw new IOException("closed");
      n -= r;
    }
  }

  static String readLine(InputStream is) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = is.read()) >= 0 && b != '\n') if (b != '\r') sb.append((char) b);
    return sb.toString();
  }
}
