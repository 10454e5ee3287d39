package ai.lukhas.pwm.governance.tools.exec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Classifies addresses the browser must not reach unless allowlisted: everything that is not a public
 * unicast address. IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by the
 * embedded address.
 */
final class AddressClass {
    private record Block(IpRange range, String label) {}

    private static final List<Block> BLOCKED = List.of(
            block("169.254.169.254/32", "cloud metadata"),
            block("fd00:ec2::254/128", "cloud metadata"),
            block("100.100.100.200/32", "cloud metadata"),
            block("0.0.0.0/8", "unspecified"),
            block("10.0.0.0/8", "private"),
            block("100.64.0.0/10", "shared (carrier-grade NAT)"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local"),
            block("172.16.0.0/12", "private"),
            block("192.0.0.0/24", "IETF protocol assignment"),
            block("192.0.2.0/24", "documentation"),
            block("192.168.0.0/16", "private"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation"),
            block("203.0.113.0/24", "documentation"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved"),
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            block("fc00::/7", "private (unique local)"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "site-local"),
            block("ff00::/8", "multicast"),
            block("2001:db8::/32", "documentation"),
            block("100::/64", "discard-only"));

    private AddressClass() {}

    private static Block block(String cidr, String label) {
        return new Block(IpRange.parse(cidr), label);
    }

    /** Why {@code address} is not a public unicast address, or empty when it is one. */
    static Optional<String> nonPublic(InetAddress address) {
        InetAddress a = embeddedIpv4(address).orElse(address);
        for (Block b : BLOCKED) {
            if (b.range().contains(a)) {
                return Optional.of(b.label());
            }
        }
        // the JDK's own classification catches anything the table misses
        if (a.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (a.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (a.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (a.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (a.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        return Optional.empty();
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean mapped = isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = isZero(b, 0, 12) && !isZero(b, 12, 16) && !(isZero(b, 12, 15) && b[15] == 1);
        boolean nat64 = (b[0] & 0xFF) == 0x00
                && (b[1] & 0xFF) == 0x64
                && (b[2] & 0xFF) == 0xFF
                && (b[3] & 0xFF) == 0x9B
                && isZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(v4(b[12], b[13], b[14], b[15]));
        }
        if ((b[0] & 0xFF) == 0x20 && (b[1] & 0xFF) == 0x02) { // 6to4: 2002:AABB:CCDD::/48
            return Optional.of(v4(b[2], b[3], b[4], b[5]));
        }
        return Optional.empty();
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return Inet4Address.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
