// java perf/cpu7/AppendVsOverwrite.java 50000: CPU per 3.8 KB write, appending to a file vs overwriting a pre-zeroed one (files in /tmp/cpu7)
import java.io.*; import java.nio.file.*; import java.lang.management.*;
public class AppendVsOverwrite { public static void main(String[] a) throws Exception {
  int n=Integer.parseInt(a[0]); int len=3800; byte[] rec=new byte[len]; java.util.Arrays.fill(rec,(byte)'x');
  var tb=ManagementFactory.getThreadMXBean();
  for (int round=0; round<3; round++) for (String mode: new String[]{"append","overwrite"}) {
    Path p=Path.of("/tmp/cpu7/wtest-"+mode); Files.deleteIfExists(p);
    try (RandomAccessFile f=new RandomAccessFile(p.toFile(),"rw")) {
      if (mode.equals("overwrite")) { byte[] z=new byte[1<<20]; for (long at=0; at<(long)n*len+(1<<20); at+=z.length) f.write(z); f.getFD().sync(); f.seek(0);} 
      long c0=tb.getCurrentThreadCpuTime(), w0=System.nanoTime();
      for (int i=0;i<n;i++) f.write(rec);
      long c1=tb.getCurrentThreadCpuTime(), w1=System.nanoTime();
      System.out.printf("%s round %d: cpu %.2f us/write, wall %.2f us/write%n", mode, round, (c1-c0)/1e3/n, (w1-w0)/1e3/n);
    }
  }
}}
