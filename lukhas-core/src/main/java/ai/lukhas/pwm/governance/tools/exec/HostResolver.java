package ai.lukhas.pwm.governance.tools.exec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Resolves a host name once; the browser connects to exactly the addresses it checked. */
@FunctionalInterface
interface HostResolver {
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
