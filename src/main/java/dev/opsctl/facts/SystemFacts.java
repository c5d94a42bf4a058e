package dev.opsctl.facts;

import static dev.opsctl.facts.FactOutput.putInt;
import static dev.opsctl.facts.FactOutput.parseInt;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's system facts from the snippet's output: platform, distribution, user, date and time, package manager
 * and service manager, as Ansible's collectors (module_utils/facts/system) name and compute them.
 */
final class SystemFacts {
    private SystemFacts() {}

    // Ansible's PKG_MGRS (module_utils/facts/system/pkg_mgr.py), Linux entries; when several exist the LAST wins.
    static final List<String[]> PKG_MGRS = List.of(
            new String[] {"/usr/bin/rpm-ostree", "atomic_container"}, new String[] {"/usr/bin/yum", "yum"},
            new String[] {"/usr/bin/dnf", "dnf"}, new String[] {"/usr/bin/apt-get", "apt"},
            new String[] {"/usr/bin/zypper", "zypper"}, new String[] {"/usr/sbin/urpmi", "urpmi"},
            new String[] {"/usr/bin/pacman", "pacman"}, new String[] {"/bin/opkg", "opkg"},
            new String[] {"/sbin/apk", "apk"}, new String[] {"/usr/bin/emerge", "portage"},
            new String[] {"/usr/bin/xbps-install", "xbps"}, new String[] {"/usr/bin/swupd", "swupd"});

    // os-release ID -> the name Ansible reports; an ID not listed is capitalized, as Ansible's distro.id().capitalize().
    private static final Map<String, String> DISTRIBUTION_BY_ID = Map.ofEntries(
            Map.entry("debian", "Debian"), Map.entry("raspbian", "Debian"), Map.entry("ubuntu", "Ubuntu"),
            Map.entry("linuxmint", "Linux Mint"), Map.entry("pop", "Pop!_OS"), Map.entry("kali", "Kali"),
            Map.entry("devuan", "Devuan"), Map.entry("parrot", "Parrot"), Map.entry("neon", "KDE neon"),
            Map.entry("centos", "CentOS"), Map.entry("rhel", "RedHat"), Map.entry("fedora", "Fedora"),
            Map.entry("rocky", "Rocky"), Map.entry("almalinux", "AlmaLinux"), Map.entry("ol", "OracleLinux"),
            Map.entry("amzn", "Amazon"), Map.entry("cloudlinux", "CloudLinux"), Map.entry("virtuozzo", "Virtuozzo"),
            Map.entry("euleros", "EulerOS"), Map.entry("openEuler", "openEuler"), Map.entry("alpine", "Alpine"),
            Map.entry("arch", "Archlinux"), Map.entry("manjaro", "Manjaro"), Map.entry("sles", "SLES"),
            Map.entry("sles_sap", "SLES_SAP"), Map.entry("sled", "SLED"), Map.entry("opensuse-leap", "openSUSE Leap"),
            Map.entry("opensuse-tumbleweed", "openSUSE Tumbleweed"), Map.entry("opensuse", "openSUSE"),
            Map.entry("gentoo", "Gentoo"), Map.entry("clear-linux-os", "Clear Linux OS"), Map.entry("nixos", "NixOS"),
            Map.entry("flatcar", "Flatcar"), Map.entry("slackware", "Slackware"), Map.entry("altlinux", "Altlinux"));

    // Ansible's OS_FAMILY_MAP (module_utils/facts/system/distribution.py), inverted; the Linux families.
    private static final Map<String, String> OS_FAMILY = osFamilies(Map.of(
            "RedHat", List.of("RedHat", "RHEL", "Fedora", "CentOS", "Scientific", "SLC", "Ascendos", "CloudLinux",
                    "PSBM", "OracleLinux", "OVS", "OEL", "Amazon", "Virtuozzo", "XenServer", "Alibaba", "EulerOS",
                    "openEuler", "AlmaLinux", "Rocky", "TencentOS", "EuroLinux", "Kylin Linux Advanced Server"),
            "Debian", List.of("Debian", "Ubuntu", "Raspbian", "Neon", "KDE neon", "Linux Mint", "SteamOS", "Devuan",
                    "Kali", "Cumulus Linux", "Pop!_OS", "Parrot", "Pardus GNU/Linux", "Uos", "Deepin", "OSMC"),
            "Suse", List.of("SuSE", "SLES", "SLED", "openSUSE", "openSUSE Tumbleweed", "SLES_SAP", "SUSE_LINUX",
                    "openSUSE Leap"),
            "Archlinux", List.of("Archlinux", "Antergos", "Manjaro"),
            "Mandrake", List.of("Mandrake", "Mandriva"),
            "Slackware", List.of("Slackware"),
            "Altlinux", List.of("Altlinux"),
            "Gentoo", List.of("Gentoo", "Funtoo"),
            "Alpine", List.of("Alpine"),
            "ClearLinux", List.of("Clear Linux OS", "Clear Linux Mix")));

    static void platform(FactOutput out, Map<String, Object> facts) {
        String system = out.first("system");
        String nodename = out.first("nodename");
        String kernel = out.first("kernel");
        String kernelVersion = out.first("kernel_version");
        String machine = out.first("machine");
        String uname = out.first("uname");
        if (!uname.isEmpty()) {
            // `uname -snrvm`: the version (-v) has spaces; it sits between the release and the machine.
            String[] w = uname.split(" ");
            if (w.length >= 4) {
                system = w[0];
                nodename = w[1];
                kernel = w[2];
                machine = w[w.length - 1];
                kernelVersion = String.join(" ", Arrays.copyOfRange(w, 3, w.length - 1));
            }
        }
        // Ansible's fqdn is socket.getfqdn(), which falls back to the host name when the name does not resolve.
        String fqdn = out.first("fqdn").isEmpty() ? nodename : out.first("fqdn");
        facts.put("system", system);
        facts.put("kernel", kernel);
        facts.put("kernel_version", kernelVersion);
        facts.put("machine", machine);
        facts.put("architecture", machine.matches("i([3456]86|86pc)") ? "i386" : machine);
        facts.put("nodename", nodename);
        facts.put("hostname", nodename.split("\\.", 2)[0]);
        facts.put("fqdn", fqdn);
        int dot = fqdn.indexOf('.');
        facts.put("domain", dot < 0 ? "" : fqdn.substring(dot + 1));
    }

    static void distribution(FactOutput out, Map<String, Object> facts) {
        Map<String, String> os = out.osRelease();
        String id = os.getOrDefault("ID", "");
        String debianVersion = out.values().containsKey("debian_version") ? out.first("debian_version") : null;
        String alpineRelease = out.values().containsKey("alpine-release") ? out.first("alpine-release") : null;
        String redhatRelease = out.first("redhat-release");
        if (id.isEmpty()) {
            if (alpineRelease != null) id = "alpine";
            else if (debianVersion != null) id = "debian";
            else if (!redhatRelease.isEmpty()) id = redhatRelease.split(" ")[0].toLowerCase();
        }
        String name = id.isEmpty() ? "OtherLinux"
                : DISTRIBUTION_BY_ID.getOrDefault(id, Character.toUpperCase(id.charAt(0)) + id.substring(1).toLowerCase());

        String version = os.getOrDefault("VERSION_ID", "");
        if (id.equals("debian") && debianVersion != null && debianVersion.matches("\\d+(\\.\\d+)*")) {
            // Ansible reads the point release from /etc/debian_version: os-release only says "12".
            version = debianVersion;
        } else if (id.equals("centos")) {
            // Ansible keeps major.minor of the release file's version ("7.9.2009" -> "7.9").
            Matcher m = Pattern.compile("(\\d+)(\\.\\d+)?").matcher(redhatRelease);
            if (m.find()) version = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        } else if (id.equals("alpine") && alpineRelease != null) {
            version = alpineRelease;
        }
        if (version.isEmpty()) version = "NA";

        String release;
        if (os.containsKey("VERSION_CODENAME")) {
            release = os.get("VERSION_CODENAME");
        } else if (os.containsKey("UBUNTU_CODENAME")) {
            release = os.get("UBUNTU_CODENAME");
        } else {
            // distro's codename: the parenthesized part of VERSION ("7 (Core)"), else of the release file.
            Matcher m = Pattern.compile("\\(([^)]+)\\)").matcher(os.getOrDefault("VERSION", "") + " " + redhatRelease);
            release = m.find() ? m.group(1) : "NA";
        }
        facts.put("distribution", name);
        facts.put("distribution_version", version);
        String major = version.split("\\.")[0];
        facts.put("distribution_major_version", major.isEmpty() ? "NA" : major);
        facts.put("distribution_release", release);
        facts.put("os_family", OS_FAMILY.getOrDefault(name, name));
    }

    static void user(FactOutput out, Map<String, Object> facts) {
        // ids=real-uid effective-uid real-gid effective-gid; passwd= the effective user's passwd(5) entry.
        String[] ids = (out.first("ids") + " - - - -").split(" ");
        String[] pw = out.first("passwd").split(":", -1);
        boolean hasPw = pw.length >= 7;
        facts.put("user_id", hasPw ? pw[0] : ids[1]);
        putInt(facts, "user_uid", hasPw ? pw[2] : ids[1]);
        putInt(facts, "user_gid", hasPw ? pw[3] : ids[3]);
        facts.put("user_gecos", hasPw ? pw[4] : "");
        facts.put("user_dir", hasPw ? pw[5] : "");
        facts.put("user_shell", hasPw ? pw[6] : "");
        putInt(facts, "real_user_id", ids[0]);
        putInt(facts, "effective_user_id", ids[1]);
        putInt(facts, "real_group_id", ids[2]);
        // Ansible reports os.getgid() here too, not the effective group; kept so playbooks see the same value.
        putInt(facts, "effective_group_id", ids[2]);
    }

    private static final DateTimeFormatter ISO_UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    static void dateTime(FactOutput out, Map<String, Object> facts) {
        // date '+%Y %m %d %H %M %S %s %A %w %W %z %N %Z': %Z last because it is the one that may hold a space.
        String[] w = out.first("date").split(" ", 13);
        if (w.length < 13 || !w[6].matches("-?\\d+")) {
            facts.put("date_time", Map.of());
            return;
        }
        // busybox's date does not know %N and prints it back: Ansible's microseconds become zeros.
        String micro = w[11].matches("\\d{6,}") ? w[11].substring(0, 6) : "000000";
        String utc = ISO_UTC.format(Instant.ofEpochSecond(Long.parseLong(w[6])));
        Map<String, String> dt = new LinkedHashMap<>();
        dt.put("year", w[0]);
        dt.put("month", w[1]);
        dt.put("weekday", w[7]);
        dt.put("weekday_number", w[8]);
        dt.put("weeknumber", w[9]);
        dt.put("day", w[2]);
        dt.put("hour", w[3]);
        dt.put("minute", w[4]);
        dt.put("second", w[5]);
        dt.put("epoch", w[6]);
        dt.put("epoch_int", w[6]);
        dt.put("date", w[0] + "-" + w[1] + "-" + w[2]);
        dt.put("time", w[3] + ":" + w[4] + ":" + w[5]);
        dt.put("iso8601_micro", utc + "." + micro + "Z");
        dt.put("iso8601", utc + "Z");
        dt.put("iso8601_basic", w[0] + w[1] + w[2] + "T" + w[3] + w[4] + w[5] + micro);
        dt.put("iso8601_basic_short", w[0] + w[1] + w[2] + "T" + w[3] + w[4] + w[5]);
        dt.put("tz", w[12]);
        dt.put("tz_offset", w[10]);
        facts.put("date_time", Collections.unmodifiableMap(dt));
    }

    /** Ansible's PkgMgrFactCollector: the last package manager found, then the distribution family's default. */
    static String pkgMgr(FactOutput out, Map<String, Object> facts) {
        List<String> found = out.all("pkg");
        String name = "unknown";
        for (String[] pm : PKG_MGRS) if (found.contains(pm[0])) name = pm[1];
        String family = String.valueOf(facts.get("os_family"));
        String distribution = String.valueOf(facts.get("distribution"));
        Integer major = parseInt(String.valueOf(facts.get("distribution_major_version")));
        switch (family) {
            case "RedHat" -> {
                boolean yum = found.contains("/usr/bin/yum");
                boolean dnf = found.contains("/usr/bin/dnf");
                if (!out.first("ostree_booted").isEmpty()) {
                    name = "atomic_container";
                } else if (distribution.equals("Fedora") || distribution.equals("Amazon")) {
                    int yumBefore = distribution.equals("Fedora") ? 23 : 2022;
                    if (major == null) name = "dnf";
                    else if (major < yumBefore) name = yum ? "yum" : name;
                    else name = dnf ? "dnf" : name;
                } else {
                    name = major != null && major < 8 ? "yum" : "dnf";
                }
            }
            case "Debian" -> name = "apt";
            case "Altlinux" -> name = name.equals("apt") ? "apt_rpm" : name;
            default -> { }
        }
        return name;
    }

    /** Ansible's ServiceMgrFactCollector for Linux: PID 1's name unless it is a generic one, then probes. */
    static String serviceMgr(FactOutput out) {
        String proc1 = out.first("pid1").strip();
        String sbinInit = out.first("sbin_init");
        if (proc1.isEmpty() && !sbinInit.isEmpty()) proc1 = sbinInit.substring(sbinInit.lastIndexOf('/') + 1);
        if (!proc1.isEmpty() && !proc1.equals("init") && !proc1.endsWith("sh")) {
            return switch (proc1) {
                case "procd" -> "openwrt_init";
                case "runit-init" -> "runit";
                case "svscan" -> "svc";
                case "openrc-init" -> "openrc";
                default -> proc1;
            };
        }
        List<String> has = out.all("has");
        List<String> exists = out.all("exists");
        boolean systemctl = has.contains("systemctl");
        if (systemctl && (exists.contains("/run/systemd/system/") || exists.contains("/dev/.run/systemd/")
                || exists.contains("/dev/.systemd/"))) return "systemd";
        if (has.contains("initctl") && exists.contains("/etc/init/")) return "upstart";
        if (exists.contains("/sbin/openrc")) return "openrc";
        if (systemctl && sbinInit.substring(sbinInit.lastIndexOf('/') + 1).equals("systemd")) return "systemd";
        if (exists.contains("/etc/init.d/")) return "sysvinit";
        return "service";
    }

    private static Map<String, String> osFamilies(Map<String, List<String>> byFamily) {
        Map<String, String> out = new HashMap<>();
        byFamily.forEach((family, names) -> names.forEach(n -> out.put(n, family)));
        return Map.copyOf(out);
    }
}
