package ai.lukhas.pwm.audit;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32;

/**
 * audit_id → (segment, offset, length), plus what queries filter on, in chain order. Kept in memory;
 * persisted as an append-only file of length-prefixed, CRC-checked entries ({@code index.bin}) whose
 * entries are buffered after their batch is durable and written about 64 KiB at a time (and at a segment
 * roll and close), so it never names a record the segments do not hold and may lag behind them. It is a
 * cache: a lag is caught up from the segments at open, anything missing or inconsistent is rebuilt.
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
            String hash,
            String tenant) {}

    /** The tenant of entries read from an index file written before tenants were indexed: read the record. */
    static final String UNKNOWN_TENANT = "";

    /*
     * The in-memory index holds every record of the log, so its size per record decides how long a
     * gateway can run: as objects (an Entry, its id, hash and session strings, a map node) it took
     * about 300 bytes and six objects per record, all long-lived, which the garbage collector kept
     * copying. Here a record is one slot in primitive columns (88 bytes and a table slot, no objects): the UUID
     * id as two longs, the hash as 32 bytes, session and outcome as numbers into dictionaries, and an
     * open-addressing table from id to position. Ids that are not canonical UUIDs (callers may
     * choose their own) go to a small side map.
     */
    private static final int CHUNK_BITS = 14;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<long[]> idHi = new ArrayList<>();
    private final List<long[]> idLo = new ArrayList<>();
    private final List<long[]> seqs = new ArrayList<>();
    private final List<long[]> offsets = new ArrayList<>(); // segment << 40 | offset
    private final List<int[]> lengths = new ArrayList<>();
    private final List<long[]> times = new ArrayList<>();
    private final List<int[]> sessions = new ArrayList<>();
    private final List<int[]> outcomes = new ArrayList<>();
    private final List<int[]> tenants = new ArrayList<>();
    private final List<byte[]> hashes = new ArrayList<>();
    private final Dictionary sessionNames = new Dictionary();
    private final Dictionary outcomeNames = new Dictionary();
    private final Dictionary tenantNames = new Dictionary();
    private final Map<String, Integer> otherIds = new HashMap<>();
    private final List<String> otherIdAt = new ArrayList<>(); // position -> id, only for other ids
    private int[] table = new int[1024]; // position + 1; 0 = empty
    private int size;

    /** Offsets up to 2^40 (1 TiB) and 2^23 segments fit the packed column. */
    private static final int OFFSET_BITS = 40;

    void add(List<Entry> entries) {
        lock.writeLock().lock();
        try {
            for (Entry e : entries) {
                put(e);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void put(Entry e) {
        if (e.offset() >= 1L << OFFSET_BITS || e.segment() >= 1 << (63 - OFFSET_BITS)) {
            throw new IllegalArgumentException("segment " + e.segment() + " offset " + e.offset() + " out of range");
        }
        int pos = size;
        int chunk = pos >>> CHUNK_BITS;
        int slot = pos & (CHUNK - 1);
        if (slot == 0) {
            idHi.add(new long[CHUNK]);
            idLo.add(new long[CHUNK]);
            seqs.add(new long[CHUNK]);
            offsets.add(new long[CHUNK]);
            lengths.add(new int[CHUNK]);
            times.add(new long[CHUNK]);
            sessions.add(new int[CHUNK]);
            outcomes.add(new int[CHUNK]);
            tenants.add(new int[CHUNK]);
            hashes.add(new byte[CHUNK * 32]);
        }
        long[] uuid = parseUuid(e.auditId());
        if (uuid == null) {
            otherIds.put(e.auditId(), pos);
            while (otherIdAt.size() < pos) {
                otherIdAt.add(null);
            }
            otherIdAt.add(e.auditId());
        } else {
            idHi.get(chunk)[slot] = uuid[0];
            idLo.get(chunk)[slot] = uuid[1];
        }
        seqs.get(chunk)[slot] = e.seq();
        offsets.get(chunk)[slot] = (long) e.segment() << OFFSET_BITS | e.offset();
        lengths.get(chunk)[slot] = e.length();
        times.get(chunk)[slot] = e.tsMillis();
        sessions.get(chunk)[slot] = sessionNames.number(e.session());
        outcomes.get(chunk)[slot] = outcomeNames.number(e.outcome());
        tenants.get(chunk)[slot] = tenantNames.number(e.tenant());
        byte[] h = HexFormat.of().parseHex(e.hash());
        System.arraycopy(h, 0, hashes.get(chunk), slot * 32, 32);
        size++;
        if (uuid != null) {
            if (size * 2 > table.length) {
                rehash(table.length * 2);
            }
            insert(pos, uuid[0], uuid[1]);
        }
    }

    private void insert(int pos, long hi, long lo) {
        int mask = table.length - 1;
        int i = mix(hi, lo) & mask;
        while (table[i] != 0) {
            int other = table[i] - 1;
            if (col(idHi, other) == hi && col(idLo, other) == lo) {
                break; // the same id appended again: the later record answers, as a map would
            }
            i = (i + 1) & mask;
        }
        table[i] = pos + 1;
    }

    private void rehash(int capacity) {
        table = new int[capacity];
        for (int pos = 0; pos < size; pos++) {
            if (!isOther(pos)) {
                insert(pos, col(idHi, pos), col(idLo, pos));
            }
        }
    }

    private boolean isOther(int pos) {
        return pos < otherIdAt.size() && otherIdAt.get(pos) != null;
    }

    private static int mix(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29) ^ (h >>> 43));
    }

    private static long col(List<long[]> column, int pos) {
        return column.get(pos >>> CHUNK_BITS)[pos & (CHUNK - 1)];
    }

    private static int icol(List<int[]> column, int pos) {
        return column.get(pos >>> CHUNK_BITS)[pos & (CHUNK - 1)];
    }

    private Entry entry(int pos) {
        String id = isOther(pos) ? otherIdAt.get(pos) : formatUuid(col(idHi, pos), col(idLo, pos));
        long packed = col(offsets, pos);
        byte[] h = hashes.get(pos >>> CHUNK_BITS);
        int at = (pos & (CHUNK - 1)) * 32;
        return new Entry(
                id,
                col(seqs, pos),
                (int) (packed >>> OFFSET_BITS),
                packed & ((1L << OFFSET_BITS) - 1),
                icol(lengths, pos),
                col(times, pos),
                sessionNames.name(icol(sessions, pos)),
                outcomeNames.name(icol(outcomes, pos)),
                HexFormat.of().formatHex(h, at, at + 32),
                tenantNames.name(icol(tenants, pos)));
    }

    void clear() {
        lock.writeLock().lock();
        try {
            for (List<?> column :
                    List.of(idHi, idLo, seqs, offsets, lengths, times, sessions, outcomes, tenants, hashes)) {
                column.clear();
            }
            otherIds.clear();
            otherIdAt.clear();
            table = new int[1024];
            size = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }

    Optional<Entry> get(String auditId) {
        lock.readLock().lock();
        try {
            long[] uuid = parseUuid(auditId);
            if (uuid == null) {
                Integer pos = otherIds.get(auditId);
                return pos == null ? Optional.empty() : Optional.of(entry(pos));
            }
            int mask = table.length - 1;
            for (int i = mix(uuid[0], uuid[1]) & mask; table[i] != 0; i = (i + 1) & mask) {
                int pos = table[i] - 1;
                if (col(idHi, pos) == uuid[0] && col(idLo, pos) == uuid[1]) {
                    return Optional.of(entry(pos));
                }
            }
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    Optional<Entry> last() {
        lock.readLock().lock();
        try {
            return size == 0 ? Optional.empty() : Optional.of(entry(size - 1));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The chain position (from 0) of the record with this id, if indexed. */
    OptionalInt positionOf(String auditId) {
        lock.readLock().lock();
        try {
            long[] uuid = parseUuid(auditId);
            if (uuid == null) {
                Integer pos = otherIds.get(auditId);
                return pos == null ? OptionalInt.empty() : OptionalInt.of(pos);
            }
            int mask = table.length - 1;
            for (int i = mix(uuid[0], uuid[1]) & mask; table[i] != 0; i = (i + 1) & mask) {
                int pos = table[i] - 1;
                if (col(idHi, pos) == uuid[0] && col(idLo, pos) == uuid[1]) {
                    return OptionalInt.of(pos);
                }
            }
            return OptionalInt.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The position of the record with this seq (seqs increase along the chain), if indexed. */
    OptionalInt positionOfSeq(long seq) {
        lock.readLock().lock();
        try {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long s = col(seqs, mid);
                if (s < seq) {
                    lo = mid + 1;
                } else if (s > seq) {
                    hi = mid - 1;
                } else {
                    return OptionalInt.of(mid);
                }
            }
            return OptionalInt.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Copies the raw 32-byte record hashes of positions [from, to) into {@code out} (32 bytes each),
     * under one lock: the Merkle tree's leaves, read without building entries.
     */
    void copyHashes(int from, int to, byte[] out) {
        lock.readLock().lock();
        try {
            if (from < 0 || to > size || from > to || out.length < (to - from) * 32) {
                throw new IndexOutOfBoundsException("hashes [" + from + ", " + to + ") of " + size);
            }
            int at = 0;
            for (int pos = from; pos < to; ) {
                int slot = pos & (CHUNK - 1);
                int n = Math.min(to - pos, CHUNK - slot);
                System.arraycopy(hashes.get(pos >>> CHUNK_BITS), slot * 32, out, at, n * 32);
                at += n * 32;
                pos += n;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * What a filtered scan found: the matching positions in scan order, and where the next scan continues
     * ({@code -1} when the scan reached the end of the chain in its direction).
     */
    record Scan(List<Entry> entries, int next) {}

    /**
     * Scans the columns from position {@code start} (inclusive) towards the end ({@code descending} false) or
     * the start of the chain, collecting at most {@code limit} entries whose session, outcome and tenant equal
     * the given ones (empty = any) and whose time is in [fromMs, toMs). Compares dictionary numbers and
     * primitive columns only; an entry of {@link #UNKNOWN_TENANT} matches any tenant (the caller checks it
     * against the record). A value no record has matches nothing, without a scan.
     */
    Scan scan(
            int start,
            boolean descending,
            Optional<String> session,
            Optional<String> outcome,
            Optional<String> tenant,
            long fromMs,
            long toMs,
            int limit) {
        lock.readLock().lock();
        try {
            int s = session.map(sessionNames::find).orElse(-2);
            int o = outcome.map(outcomeNames::find).orElse(-2);
            int t = tenant.map(tenantNames::find).orElse(-2);
            int unknownTenant = tenantNames.find(UNKNOWN_TENANT);
            List<Entry> out = new ArrayList<>();
            if (s == -1 || o == -1 || (t == -1 && unknownTenant < 0)) {
                return new Scan(out, -1);
            }
            int step = descending ? -1 : 1;
            int pos = descending ? Math.min(start, size - 1) : Math.max(start, 0);
            for (; pos >= 0 && pos < size; pos += step) {
                if (out.size() == limit) {
                    return new Scan(out, pos);
                }
                int chunk = pos >>> CHUNK_BITS;
                int slot = pos & (CHUNK - 1);
                if ((s >= 0 && sessions.get(chunk)[slot] != s) || (o >= 0 && outcomes.get(chunk)[slot] != o)) {
                    continue;
                }
                if (t != -2) {
                    int et = tenants.get(chunk)[slot];
                    if (et != t && et != unknownTenant) {
                        continue;
                    }
                }
                long ts = times.get(chunk)[slot];
                if (ts >= fromMs && ts < toMs) {
                    out.add(entry(pos));
                }
            }
            return new Scan(out, -1);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Entries at positions [from, to) of the chain (clamped). */
    List<Entry> range(int from, int to) {
        lock.readLock().lock();
        try {
            int f = Math.max(0, from);
            int t = Math.min(size, to);
            List<Entry> out = new ArrayList<>(Math.max(0, t - f));
            for (int pos = f; pos < t; pos++) {
                out.add(entry(pos));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The two longs of a UUID written in canonical lowercase form (as {@link AuditIds} makes them), or
     * null when {@code s} is anything else, so that formatting the longs gives back exactly {@code s}.
     */
    static long[] parseUuid(String s) {
        if (s.length() != 36) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        int nibbles = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) {
                return null;
            }
            if (nibbles < 16) {
                hi = hi << 4 | v;
            } else {
                lo = lo << 4 | v;
            }
            nibbles++;
        }
        return new long[] {hi, lo};
    }

    static String formatUuid(long hi, long lo) {
        return new java.util.UUID(hi, lo).toString();
    }

    /** Strings that repeat across records (sessions, outcomes), each stored once. */
    private static final class Dictionary {
        private final Map<String, Integer> numbers = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        int number(String name) {
            Integer n = numbers.get(name);
            if (n == null) {
                n = names.size();
                names.add(name);
                numbers.put(name, n);
            }
            return n;
        }

        String name(int number) {
            return names.get(number);
        }

        /** The number of {@code name}, or -1 when no record has it. */
        int find(String name) {
            Integer n = numbers.get(name);
            return n == null ? -1 : n;
        }
    }

    /** Most bytes {@link #encode(Entry, ByteBuffer)} writes for {@code e} (UTF-8 takes at most 3 bytes a char). */
    static int maxEncodedLength(Entry e) {
        return 4
                + 4
                + 8
                + 8
                + 4
                + 8
                + 4 * 4
                + 3
                        * (e.auditId().length()
                                + e.session().length()
                                + e.outcome().length()
                                + e.hash().length()
                                + e.tenant().length())
                + 4
                + 4;
    }

    /** Appends {@code e} as one framed entry: payload length, payload, CRC-32 of the payload. */
    static void encode(Entry e, ByteBuffer out) {
        int frame = out.position();
        out.putInt(0); // payload length, filled in below
        int payload = out.position();
        out.putInt(e.segment());
        out.putLong(e.seq());
        out.putLong(e.offset());
        out.putInt(e.length());
        out.putLong(e.tsMillis());
        putString(out, e.auditId());
        putString(out, e.session());
        putString(out, e.outcome());
        putString(out, e.hash());
        putString(out, e.tenant()); // last, so a file written before tenants were indexed still loads
        int length = out.position() - payload;
        out.putInt(frame, length);
        CRC32 crc = new CRC32();
        crc.update(out.duplicate().position(payload).limit(payload + length));
        out.putInt((int) crc.getValue());
    }

    static byte[] encode(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(maxEncodedLength(e));
        encode(e, b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(b.length);
        out.put(b);
    }

    /**
     * Entries of an index file and the byte length they cover; stops at the first torn or corrupt entry.
     * {@code present} is false when there is no such file.
     */
    record Loaded(List<Entry> entries, long validBytes, boolean damaged, boolean present) {
        Loaded(List<Entry> entries, long validBytes, boolean damaged) {
            this(entries, validBytes, damaged, true);
        }
    }

    static Loaded load(Path file) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Loaded(out, 0, false, false);
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
                String id = readString(d);
                String session = readString(d);
                String outcome = readString(d);
                String hash = readString(d);
                String tenant = d.available() > 0 ? readString(d) : UNKNOWN_TENANT;
                out.add(new Entry(id, seq, segment, offset, length, ts, session, outcome, hash, tenant));
                valid += 8L + len;
            }
        } catch (EOFException torn) {
            return new Loaded(out, valid, true);
        }
        return new Loaded(out, valid, false);
    }

    private static String readString(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > d.available()) {
            throw new EOFException("string length " + n);
        }
        return new String(d.readNBytes(n), StandardCharsets.UTF_8);
    }
}
