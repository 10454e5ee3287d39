package ai.lukhas.pwm.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree against a literal transcription of RFC 6962 section 2.1 (MTH and PATH as recursive
 * definitions over the leaf list), for every size up to 70 and every leaf, and for trees large enough
 * to use the cached 1024-leaf block roots.
 */
class MerkleTest {
    private static byte[] sha(int prefix, byte[]... parts) {
        MessageDigest d = Merkle.sha256();
        d.update((byte) prefix);
        for (byte[] p : parts) {
            d.update(p);
        }
        return d.digest();
    }

    /** RFC 6962: MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0), MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
    private static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return Merkle.sha256().digest();
        }
        if (d.size() == 1) {
            return sha(0, d.get(0));
        }
        int k = 1;
        while (k * 2 < d.size()) {
            k *= 2;
        }
        return sha(1, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    /** RFC 6962: PATH(m, D[n]). */
    private static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() <= 1) {
            return out;
        }
        int k = 1;
        while (k * 2 < d.size()) {
            k *= 2;
        }
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(path(m - k, d.subList(k, d.size())));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    private static List<byte[]> leaves(int n, long seed) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[32];
            r.nextBytes(h);
            out.add(h);
        }
        return out;
    }

    private static byte[] flat(List<byte[]> leaves) {
        byte[] all = new byte[leaves.size() * 32];
        for (int i = 0; i < leaves.size(); i++) {
            System.arraycopy(leaves.get(i), 0, all, i * 32, 32);
        }
        return all;
    }

    private static Merkle.Leaves reader(byte[] all) {
        return (from, to, out) -> System.arraycopy(all, from * 32, out, 0, (to - from) * 32);
    }

    @Test
    void rootsAndPathsMatchTheRfcDefinitionsForEverySmallTree() {
        List<byte[]> d = leaves(70, 1);
        byte[] all = flat(d);
        for (int n = 0; n <= 70; n++) {
            Merkle.Frontier f = new Merkle.Frontier(null);
            f.add(all, 0, n);
            byte[] root = mth(d.subList(0, n));
            assertThat(f.root()).as("root of %d", n).isEqualTo(root);
            Merkle.Prover prover = new Merkle.Prover(reader(all), List.of());
            for (int m = 0; m < n; m++) {
                List<byte[]> p = prover.path(m, n);
                assertThat(p)
                        .as("path %d of %d", m, n)
                        .usingElementComparator(Arrays::compare)
                        .containsExactlyElementsOf(path(m, d.subList(0, n)));
                byte[] leaf = Merkle.leafHash(Merkle.sha256(), d.get(m), 0);
                assertThat(Merkle.verifyInclusion(leaf, m, n, p, root)).isTrue();
                // The same path proves nothing for another leaf or index. (A wrong size can fold to the
                // same root when the shape is the same; the signed checkpoint binds size and root.)
                assertThat(Merkle.verifyInclusion(
                                Merkle.leafHash(Merkle.sha256(), d.get((m + 1) % 70), 0), m, n, p, root))
                        .isFalse();
                if (n > 1) {
                    assertThat(Merkle.verifyInclusion(leaf, (m + 1) % n, n, p, root))
                            .isFalse();
                }
            }
        }
    }

    @Test
    void cachedBlockRootsGiveTheSameTreeAndPaths() {
        int n = 5 * 1024 + 77;
        List<byte[]> d = leaves(n, 2);
        byte[] all = flat(d);
        List<byte[]> blocks = new ArrayList<>();
        Merkle.Frontier f = new Merkle.Frontier(blocks);
        f.add(all, 0, n);
        assertThat(blocks).hasSize(5);
        assertThat(blocks.get(3)).isEqualTo(mth(d.subList(3 * 1024, 4 * 1024)));
        byte[] root = mth(d);
        assertThat(f.root()).isEqualTo(root);
        Merkle.Prover cached = new Merkle.Prover(reader(all), blocks);
        for (int m : new int[] {0, 1, 1023, 1024, 2500, 4095, 5 * 1024, n - 1}) {
            List<byte[]> p = cached.path(m, n);
            assertThat(p).usingElementComparator(Arrays::compare).containsExactlyElementsOf(path(m, d));
            assertThat(Merkle.verifyInclusion(Merkle.leafHash(Merkle.sha256(), d.get(m), 0), m, n, p, root))
                    .isTrue();
        }
    }
}
