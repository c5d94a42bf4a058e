package dev.opsctl.facts;

import static dev.opsctl.facts.FactOutput.parseInt;
import static dev.opsctl.facts.FactOutput.parseIntOr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Ansible's network facts (default_ipv4, all_ipv4_addresses, interfaces) from /proc/net/route, `ip` and /sys/class/net. */
final class NetworkFacts {
    private NetworkFacts() {}

    static void network(FactOutput out, Map<String, Object> facts) {
        String iface = null;
        String gateway = null;
        for (String line : out.block("route")) {
            // /proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ...; addresses are
            // little-endian hex. The first default route is the one `ip -4 route show default` lists first.
            String[] f = line.strip().split("\\s+");
            if (f.length >= 8 && f[1].equals("00000000") && f[7].equals("00000000")) {
                iface = f[0];
                gateway = f[2].equals("00000000") ? null : hexLittleEndianIp(f[2]);
                break;
            }
        }
        List<String> all = new ArrayList<>();
        Map<String, Object> defaultIpv4 = new LinkedHashMap<>();
        for (String line : out.block("addr")) {
            // "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\       valid_lft forever ..."
            String[] w = line.split("\\\\", 2)[0].strip().split("\\s+");
            int inet = List.of(w).indexOf("inet");
            if (inet < 0 || inet + 1 >= w.length) continue;
            String[] cidr = w[inet + 1].split("/");
            if (!cidr[0].startsWith("127.")) all.add(cidr[0]);
            if (w.length < 2 || !w[1].equals(iface) || defaultIpv4.containsKey("address")) continue;
            int prefix = cidr.length > 1 ? parseIntOr(cidr[1], 32) : 32;
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            long ip = ipToLong(cidr[0]);
            int brd = List.of(w).indexOf("brd");
            defaultIpv4.put("address", cidr[0]);
            defaultIpv4.put("alias", w[w.length - 1]);
            defaultIpv4.put("broadcast", brd > 0 && brd + 1 < w.length ? w[brd + 1] : "");
            defaultIpv4.put("netmask", longToIp(mask));
            defaultIpv4.put("network", longToIp(ip & mask));
            defaultIpv4.put("prefix", String.valueOf(prefix));
        }
        List<String> interfaces = new ArrayList<>();
        for (String line : out.all("if")) {
            String[] f = line.split(" ", -1);
            interfaces.add(f[0]);
            if (iface == null || !f[0].equals(iface) || f.length < 4) continue;
            defaultIpv4.put("macaddress", f[3]);
            Integer mtu = parseInt(f[2]);
            if (mtu != null) defaultIpv4.put("mtu", mtu);
            // ARPHRD_ETHER is 1 and ARPHRD_LOOPBACK 772 (linux/if_arp.h); Ansible names them from `ip` output alike.
            defaultIpv4.put("type", switch (f[1]) {
                case "1" -> "ether";
                case "772" -> "loopback";
                default -> "unknown";
            });
        }
        if (iface != null) {
            defaultIpv4.put("interface", iface);
            if (gateway != null) defaultIpv4.put("gateway", gateway);
        }
        facts.put("default_ipv4", Collections.unmodifiableMap(new TreeMap<>(defaultIpv4)));
        facts.put("all_ipv4_addresses", List.copyOf(all));
        facts.put("interfaces", List.copyOf(interfaces));
    }

    private static String hexLittleEndianIp(String hex) {
        long v = Long.parseLong(hex, 16);
        return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
    }

    private static long ipToLong(String ip) {
        long v = 0;
        for (String octet : ip.split("\\.")) v = (v << 8) | parseIntOr(octet, 0);
        return v;
    }

    private static String longToIp(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }
}
