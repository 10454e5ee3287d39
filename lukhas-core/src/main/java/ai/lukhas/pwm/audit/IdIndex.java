package ai.lukhas.pwm.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;

/**
 * audit_id → (segment, offset, length), plus what queries filter on, in chain order. Kept in memory;
 * persisted as an append-only file of length-prefixed, CRC-checked entries ({@code index.bin}) that is
 * written after each batch is durable, so it never names a record the segments do not hold. It is a
 * cache: anything missing or inconsistent is rebuilt from the segments.
 */
final class IdIndex {
    static final String FILE = "index.bin";

    record Entry(
            String auditId,
            long seq,
            int segment,
            long offset,
            int length,
            long tsMillis,
            String session,
            String outcome,
            String hash) {}

    private final List<Entry> bySeq = new ArrayList<>();
    private final Map<String, Entry> byId = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    void add(List<Entry> entries) {
        lock.writeLock().lock();
        try {
            for (Entry e : entries) {
                bySeq.add(e);
                byId.put(e.auditId(), e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    void clear() {
        lock.writeLock().lock();
        try {
            bySeq.clear();
            byId.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    Optional<Entry> get(String auditId) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(byId.get(auditId));
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return bySeq.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<Entry> last() {
        lock.readLock().lock();
        try {
            return bySeq.isEmpty() ? Optional.empty() : Optional.of(bySeq.get(bySeq.size() - 1));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Entries at positions [from, to) of the chain (clamped). */
    List<Entry> range(int from, int to) {
        lock.readLock().lock();
        try {
            int f = Math.max(0, from);
            int t = Math.min(bySeq.size(), to);
            return f >= t ? List.of() : List.copyOf(bySeq.subList(f, t));
        } finally {
            lock.readLock().unlock();
        }
    }

    static byte[] encode(Entry e) {
        try {
            ByteArrayOutputStream payload = new ByteArrayOutputStream(160);
            DataOutputStream d = new DataOutputStream(payload);
            d.writeInt(e.segment());
            d.writeLong(e.seq());
            d.writeLong(e.offset());
            d.writeInt(e.length());
            d.writeLong(e.tsMillis());
            writeString(d, e.auditId());
            writeString(d, e.session());
            writeString(d, e.outcome());
            writeString(d, e.hash());
            byte[] p = payload.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(p);
            ByteArrayOutputStream framed = new ByteArrayOutputStream(p.length + 8);
            DataOutputStream f = new DataOutputStream(framed);
            f.writeInt(p.length);
            f.write(p);
            f.writeInt((int) crc.getValue());
            return framed.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Entries of an index file and the byte length they cover; stops at the first torn or corrupt entry. */
    record Loaded(List<Entry> entries, long validBytes, boolean damaged) {}

    static Loaded load(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Loaded(out, 0, false);
        }
        byte[] all = Files.readAllBytes(file);
        long valid = 0;
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all))) {
            while (valid < all.length) {
                int len = in.readInt();
                if (len < 0 || len > all.length - valid - 8) {
                    return new Loaded(out, valid, true);
                }
                byte[] p = new byte[len];
                in.readFully(p);
                int crcStored = in.readInt();
                CRC32 crc = new CRC32();
                crc.update(p);
                if ((int) crc.getValue() != crcStored) {
                    return new Loaded(out, valid, true);
                }
                DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(p));
                int segment = d.readInt();
                long seq = d.readLong();
                long offset = d.readLong();
                int length = d.readInt();
                long ts = d.readLong();
                out.add(new Entry(
                        readString(d), seq, segment, offset, length, ts, readString(d), readString(d), readString(d)));
                valid += 8L + len;
            }
        } catch (EOFException torn) {
            return new Loaded(out, valid, true);
        }
        return new Loaded(out, valid, false);
    }

    private static void writeString(DataOutputStream d, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.writeInt(b.length);
        d.write(b);
    }

    private static String readString(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > d.available()) {
            throw new EOFException("string length " + n);
        }
        return new String(d.readNBytes(n), StandardCharsets.UTF_8);
    }
}
