package ai.lukhas.pwm.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 6962 / RFC 9162 (section 2.1) over the records of the chain, in chain order.
 * A leaf is a record's hash (the 32 raw bytes the chain already computed): leaf hash = SHA-256(0x00 ||
 * record hash), interior node = SHA-256(0x01 || left || right), and a tree of n leaves splits at the
 * largest power of two below n.
 */
final class Merkle {
    /** Leaves per cached block: the roots of aligned 1024-leaf subtrees are kept (32 bytes each). */
    static final int BLOCK = 1024;

    private Merkle() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-256", e);
        }
    }

    static byte[] leafHash(MessageDigest d, byte[] recordHash, int off) {
        d.reset();
        d.update((byte) 0);
        d.update(recordHash, off, 32);
        return d.digest();
    }

    static byte[] node(MessageDigest d, byte[] left, byte[] right) {
        d.reset();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The largest power of two strictly below {@code n} (n >= 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * Whether {@code path} proves that {@code leafHash} is leaf {@code index} of a tree of {@code size}
     * leaves with root {@code root} (RFC 9162, 2.1.3.2).
     */
    static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        MessageDigest d = sha256();
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(d, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(d, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /**
     * Accumulates leaves and gives the root of everything added so far: the perfect subtrees of the
     * binary decomposition of the count, folded from the right (O(1) amortised per leaf, O(log n)
     * memory). Completed aligned {@link #BLOCK}-leaf subtrees are reported to {@code blocks}.
     */
    static final class Frontier {
        private final MessageDigest d = sha256();
        private final byte[][] levels = new byte[64][];
        private final List<byte[]> blocks;
        private long size;

        Frontier(List<byte[]> blocks) {
            this.blocks = blocks;
        }

        long size() {
            return size;
        }

        /** Adds the leaves whose record hashes are {@code hashes[off..off+32*n)}. */
        void add(byte[] hashes, int off, int n) {
            for (int i = 0; i < n; i++) {
                byte[] h = leafHash(d, hashes, off + 32 * i);
                int level = 0;
                while ((size >>> level & 1) == 1) {
                    h = node(d, levels[level], h);
                    levels[level] = null;
                    level++;
                    if (level == 10 && blocks != null) {
                        blocks.add(h);
                    }
                }
                levels[level] = h;
                size++;
            }
        }

        /** The root of the tree of all leaves added (SHA-256 of nothing for an empty tree, RFC 6962). */
        byte[] root() {
            if (size == 0) {
                d.reset();
                return d.digest();
            }
            byte[] acc = null;
            for (int level = 0; level < 64; level++) {
                if ((size >>> level & 1) == 1) {
                    acc = acc == null ? levels[level] : node(d, levels[level], acc);
                }
            }
            return acc;
        }
    }

    /** Reads the record hashes of chain positions [from, to) into {@code out}, 32 bytes each. */
    interface Leaves {
        void read(int from, int to, byte[] out);
    }

    /**
     * Subtree hashes and inclusion paths over {@code leaves}, using the roots of aligned 1024-leaf blocks
     * ({@code blocks}, a prefix of them is enough) so a path costs about n / 1024 + 2 * 1024 hashes.
     */
    static final class Prover {
        private final Leaves leaves;
        private final List<byte[]> blocks;
        private final MessageDigest d = sha256();

        Prover(Leaves leaves, List<byte[]> blocks) {
            this.leaves = leaves;
            this.blocks = blocks;
        }

        /** MTH of leaves [start, start + n), n >= 1. */
        byte[] hash(int start, int n) {
            if (n == BLOCK && start % BLOCK == 0 && start / BLOCK < blocks.size()) {
                return blocks.get(start / BLOCK);
            }
            if (n <= BLOCK) {
                byte[] raw = new byte[n * 32];
                leaves.read(start, start + n, raw);
                Frontier f = new Frontier(null);
                f.add(raw, 0, n);
                return f.root();
            }
            int k = (int) split(n);
            return node(d, hash(start, k), hash(start + k, n - k));
        }

        /** The audit path of leaf {@code m} in the tree of the first {@code n} leaves, leaf first. */
        List<byte[]> path(int m, int n) {
            List<byte[]> out = new ArrayList<>();
            path(m, 0, n, out);
            return out;
        }

        private void path(int m, int start, int n, List<byte[]> out) {
            if (n <= 1) {
                return;
            }
            int k = (int) split(n);
            if (m < k) {
                path(m, start, k, out);
                out.add(hash(start + k, n - k));
            } else {
                path(m - k, start + k, n - k, out);
                out.add(hash(start, k));
            }
        }
    }
}
