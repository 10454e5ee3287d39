package ai.lukhas.pwm.governance.tools.exec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/** An address block in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address is one host. */
record IpRange(byte[] network, int prefix, String text) {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    IpRange {
        Objects.requireNonNull(network, "network");
        network = network.clone();
    }

    /**
     * Parses a CIDR block; only IP literals are accepted, so parsing never touches DNS.
     *
     * @throws IllegalArgumentException naming the text when it is not an address or block
     */
    static IpRange parse(String cidr) {
        String[] parts = cidr.strip().split("/", -1);
        if (parts.length > 2 || !LITERAL.matcher(parts[0]).matches()) {
            throw new IllegalArgumentException(
                    "address range must be an IP address or CIDR block such as 10.0.0.0/8, but was '" + cidr + "'");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(parts[0]).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address range '" + cidr + "' is not an IP address", e);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            try {
                prefix = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("prefix of address range '" + cidr + "' must be in [0, " + bits
                        + "], but was '" + parts[1] + "'");
            }
        }
        return new IpRange(bytes, prefix, cidr.strip());
    }

    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
