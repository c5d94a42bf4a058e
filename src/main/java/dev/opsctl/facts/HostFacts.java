package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Ansible's common facts ({@code ansible_hostname}, {@code ansible_distribution}, ...) for a Linux host, as one
 * fact query whose snippet needs nothing but POSIX {@code sh}. Keys are Ansible's fact names without the
 * {@code ansible_} prefix, with Ansible's value types; {@code subset} is Ansible's {@code gather_subset}.
 */
public record HostFacts(Set<String> subset) implements FactQuery<Map<String, Object>> {
    /** Everything: Ansible's default {@code gather_subset: all}. */
    public static final HostFacts ALL = new HostFacts(Set.of("all"));
    /** Ansible's {@code gather_subset: min}: who and what the host is, without hardware or network. */
    public static final HostFacts MIN = new HostFacts(Set.of("min"));

    /** Groups of facts a gather_subset selects; the first eight make up min (Ansible's, plus opsctl's boot facts). */
    private enum Part {
        PLATFORM, DISTRIBUTION, USER, ENV, DATE_TIME, PKG_MGR, SERVICE_MGR, OPSCTL_BOOT,
        HARDWARE, NETWORK, VIRTUAL;

        static final Set<Part> MIN = Collections.unmodifiableSet(EnumSet.range(PLATFORM, OPSCTL_BOOT));

        String subsetName() {
            return name().toLowerCase();
        }

        static Part named(String name) {
            for (Part p : values()) if (p.subsetName().equals(name)) return p;
            return null;
        }
    }

    // Ansible's PKG_MGRS (module_utils/facts/system/pkg_mgr.py), Linux entries; when several exist the LAST wins.
    private static final List<String[]> PKG_MGRS = List.of(
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

    public HostFacts {
        subset = Set.copyOf(subset);
        parts(subset);
    }

    /** A query from {@code gather_subset} words as a playbook writes them: a list, or one comma-separated string. */
    public static HostFacts of(String... subsets) {
        Set<String> names = new LinkedHashSet<>();
        for (String s : subsets) {
            for (String word : s.split(",")) {
                if (!word.isBlank()) names.add(word.strip());
            }
        }
        return new HostFacts(names);
    }

    /** What playbooks see: each fact as {@code ansible_<name>}, and all of them as {@code ansible_facts}. */
    public static Map<String, Object> asVariables(Map<String, Object> facts) {
        Map<String, Object> vars = new LinkedHashMap<>();
        facts.forEach((name, value) -> vars.put("ansible_" + name, value));
        vars.put("ansible_facts", facts);
        return Collections.unmodifiableMap(vars);
    }

    @Override
    public String key() {
        return "host_facts";
    }

    @Override
    public boolean covers(FactQuery<?> other) {
        return !(other instanceof HostFacts h) || parts(subset).containsAll(parts(h.subset));
    }

    /**
     * Ansible's gather_subset rules (module_utils/facts/collector.py get_collector_names): start from min, add,
     * then remove what is negated unless it was also named explicitly; {@code !all} keeps min.
     */
    private static Set<Part> parts(Set<String> subset) {
        Set<Part> add = EnumSet.copyOf(Part.MIN);
        Set<Part> exclude = EnumSet.noneOf(Part.class);
        Set<Part> explicit = EnumSet.noneOf(Part.class);
        for (String name : subset.isEmpty() ? Set.of("all") : subset) {
            boolean negated = name.startsWith("!");
            String bare = negated ? name.substring(1) : name;
            Set<Part> named = switch (bare) {
                case "all" -> negated ? EnumSet.complementOf(EnumSet.copyOf(Part.MIN)) : EnumSet.allOf(Part.class);
                case "min" -> Part.MIN;
                default -> {
                    Part p = Part.named(bare);
                    if (p == null && !negated) {
                        throw new IllegalArgumentException("unknown gather_subset '" + bare + "'; allowed: all, min, "
                                + Arrays.stream(Part.values()).map(Part::subsetName).collect(Collectors.joining(", ")));
                    }
                    // Ansible ignores the negation of a subset it does not know (say, '!facter').
                    yield p == null ? Set.of() : EnumSet.of(p);
                }
            };
            if (negated) {
                exclude.addAll(named);
            } else {
                add.addAll(named);
                if (!bare.equals("all") && !bare.equals("min")) explicit.addAll(named);
            }
        }
        exclude.removeAll(explicit);
        add.removeAll(exclude);
        // Ansible also runs the collectors that a selected one requires (required_facts), and reports their facts.
        if (add.contains(Part.HARDWARE) || add.contains(Part.NETWORK) || add.contains(Part.SERVICE_MGR)) {
            add.add(Part.PLATFORM);
        }
        if (add.contains(Part.NETWORK) || add.contains(Part.SERVICE_MGR) || add.contains(Part.PKG_MGR)) {
            add.add(Part.DISTRIBUTION);
        }
        return add;
    }

    @Override
    public String script() {
        Set<Part> parts = parts(subset);
        StringBuilder s = new StringBuilder();
        // Output: key=value lines; "@name" opens a block of raw lines that "@" closes; "@env" comes last, to the end.
        // Shell variables start with '_' so that setting them cannot change an exported variable `export -p` lists.
        if (parts.contains(Part.PLATFORM)) {
            // /proc/sys/kernel holds what uname prints; reading it with the read builtin costs no process.
            s.append("""
                    if { read -r _s </proc/sys/kernel/ostype && read -r _n </proc/sys/kernel/hostname \
                    && read -r _r </proc/sys/kernel/osrelease && read -r _v </proc/sys/kernel/version \
                    && read -r _m </proc/sys/kernel/arch; }; then
                    printf 'system=%s\\nnodename=%s\\nkernel=%s\\nkernel_version=%s\\nmachine=%s\\n' "$_s" "$_n" "$_r" "$_v" "$_m"
                    else printf 'uname='; uname -snrvm || echo; fi
                    printf 'fqdn='; hostname -f || echo
                    """);
        }
        if (parts.contains(Part.DISTRIBUTION)) {
            s.append("""
                    _f=/etc/os-release; [ -r "$_f" ] || _f=/usr/lib/os-release
                    [ -r "$_f" ] && while IFS= read -r _l || [ -n "$_l" ]; do printf 'os.%s\\n' "$_l"; done <"$_f"
                    for _f in debian_version alpine-release redhat-release; do
                    [ -r "/etc/$_f" ] && { _l=; IFS= read -r _l; printf '%s=%s\\n' "$_f" "$_l"; } <"/etc/$_f"; done
                    """);
        }
        if (parts.contains(Part.USER)) {
            // The shell's own /proc/self/status and /etc/passwd answer without a process; getent (NSS) only when
            // the effective user is not in /etc/passwd, as for directory (LDAP) users.
            s.append("""
                    _U=; _EU=; _G=; _EG=
                    while read -r _k _a _b _l; do case $_k in Uid:) _U=$_a; _EU=$_b ;; Gid:) _G=$_a; _EG=$_b; break ;; esac
                    done </proc/self/status
                    [ -n "$_U" ] || { _U=$(id -ru); _EU=$(id -u); _G=$(id -rg); _EG=$(id -g); }
                    printf 'ids=%s %s %s %s\\n' "$_U" "$_EU" "$_G" "$_EG"
                    _p=; while IFS= read -r _l; do _r=${_l#*:}; _r=${_r#*:}
                    [ "${_r%%:*}" = "$_EU" ] && { _p=$_l; break; }; done </etc/passwd
                    if [ -n "$_p" ]; then printf 'passwd=%s\\n' "$_p"; else printf 'passwd='; getent passwd "$_EU" || echo; fi
                    """);
        }
        if (parts.contains(Part.DATE_TIME)) {
            s.append("printf 'date='; LC_ALL=C date '+%Y %m %d %H %M %S %s %A %w %W %z %N %Z' || echo\n");
        }
        if (parts.contains(Part.PKG_MGR)) {
            s.append("for _p in");
            for (String[] pm : PKG_MGRS) s.append(' ').append(pm[0]);
            s.append("; do [ -e \"$_p\" ] && printf 'pkg=%s\\n' \"$_p\"; done\n");
            s.append("[ -e /run/ostree-booted ] && echo ostree_booted=1\n");
        }
        if (parts.contains(Part.SERVICE_MGR)) {
            // The same probes as Ansible's ServiceMgrFactCollector; /sbin/init is only resolved when PID 1 says little.
            s.append("""
                    _c=; { read -r _c; } </proc/1/comm; printf 'pid1=%s\\n' "$_c"
                    case $_c in ''|init|*sh) [ -L /sbin/init ] && printf 'sbin_init=%s\\n' "$(readlink /sbin/init)" ;; esac
                    command -v systemctl >/dev/null && echo has=systemctl
                    command -v initctl >/dev/null && echo has=initctl
                    for _d in /run/systemd/system/ /dev/.run/systemd/ /dev/.systemd/ /etc/init/ /sbin/openrc /etc/init.d/; do
                    [ -e "$_d" ] && printf 'exists=%s\\n' "$_d"; done
                    """);
        }
        if (parts.contains(Part.OPSCTL_BOOT)) {
            s.append("{ read -r _b; printf 'boot_id=%s\\n' \"$_b\"; } </proc/sys/kernel/random/boot_id\n");
            // btime follows the per-CPU and interrupt lines; reading them is still cheaper than starting grep.
            s.append("while read -r _k _b; do [ \"$_k\" = btime ] && { printf 'btime=%s\\n' \"$_b\"; break; }; done </proc/stat\n");
        }
        if (parts.contains(Part.HARDWARE)) {
            s.append("{ read -r _b _l; printf 'uptime=%s\\n' \"$_b\"; } </proc/uptime\n");
            // The memory lines come first in /proc/meminfo: read up to SwapFree. /proc/cpuinfo has ~25 lines per CPU,
            // too many for the shell's byte-at-a-time read builtin: grep picks the few that count.
            s.append("echo @meminfo; while IFS= read -r _l; do printf '%s\\n' \"$_l\"; case $_l in SwapFree:*) break ;; esac")
             .append("; done </proc/meminfo; echo @\n");
            s.append("echo @cpuinfo; grep -E '^(processor|physical id|core id|cpu cores|siblings)[[:space:]]*:' /proc/cpuinfo")
             .append("; echo @\n");
        }
        if (parts.contains(Part.NETWORK)) {
            // The routing table comes from /proc/net/route (what `ip -4 route show default` reads, without a process);
            // only the addresses need `ip`, and without it they are left out.
            s.append("""
                    echo @route; while IFS= read -r _l; do printf '%s\\n' "$_l"; done </proc/net/route; echo @
                    echo @addr; ip -4 -o addr show; echo @
                    for _d in /sys/class/net/*; do [ -e "$_d" ] || continue; _a=; _m=; _t=
                    { read -r _a; } <"$_d/address"; { read -r _m; } <"$_d/mtu"; { read -r _t; } <"$_d/type"
                    printf 'if=%s %s %s %s\\n' "${_d##*/}" "$_t" "$_m" "$_a"; done
                    """);
        }
        if (parts.contains(Part.ENV)) {
            s.append("echo @env; export -p\n");
        }
        return s.toString();
    }

    @Override
    public Map<String, Object> parse(String output) {
        Output out = Output.read(output);
        Set<Part> parts = parts(subset);
        Map<String, Object> facts = new LinkedHashMap<>();
        if (parts.contains(Part.PLATFORM)) platform(out, facts);
        if (parts.contains(Part.DISTRIBUTION)) distribution(out, facts);
        if (parts.contains(Part.USER)) user(out, facts);
        if (parts.contains(Part.ENV)) facts.put("env", out.env == null ? Map.of() : Collections.unmodifiableMap(ExportListing.parse(out.env)));
        if (parts.contains(Part.DATE_TIME)) dateTime(out, facts);
        if (parts.contains(Part.PKG_MGR)) facts.put("pkg_mgr", pkgMgr(out, facts));
        if (parts.contains(Part.SERVICE_MGR)) facts.put("service_mgr", serviceMgr(out));
        if (parts.contains(Part.OPSCTL_BOOT)) {
            facts.put("opsctl_boot_id", out.first("boot_id"));
            Long btime = parseLong(out.first("btime"));
            if (btime != null) facts.put("opsctl_boot_time", btime);
        }
        if (parts.contains(Part.HARDWARE)) hardware(out, facts);
        if (parts.contains(Part.NETWORK)) network(out, facts);
        return Collections.unmodifiableMap(facts);
    }

    private static void platform(Output out, Map<String, Object> facts) {
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

    private static void distribution(Output out, Map<String, Object> facts) {
        Map<String, String> os = out.osRelease();
        String id = os.getOrDefault("ID", "");
        String debianVersion = out.values.containsKey("debian_version") ? out.first("debian_version") : null;
        String alpineRelease = out.values.containsKey("alpine-release") ? out.first("alpine-release") : null;
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

    private static void user(Output out, Map<String, Object> facts) {
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

    private static void dateTime(Output out, Map<String, Object> facts) {
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
    private static String pkgMgr(Output out, Map<String, Object> facts) {
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
    private static String serviceMgr(Output out) {
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

    private static void hardware(Output out, Map<String, Object> facts) {
        String up = out.first("uptime");
        if (up.matches("\\d+(\\.\\d+)?")) facts.put("uptime_seconds", (int) Double.parseDouble(up));
        cpu(out.block("cpuinfo"), facts);
        Map<String, Integer> mb = new HashMap<>();
        for (String line : out.block("meminfo")) {
            String[] kv = line.split(":", 2);
            Long kb = kv.length < 2 ? null : parseLong(kv[1].strip().split(" ")[0]);
            if (kb != null) mb.put(kv[0].strip(), (int) (kb / 1024));
        }
        if (!mb.containsKey("MemTotal")) return;
        int total = mb.get("MemTotal");
        int free = mb.getOrDefault("MemFree", 0);
        int nocacheFree = free + mb.getOrDefault("Buffers", 0) + mb.getOrDefault("Cached", 0);
        int swapTotal = mb.getOrDefault("SwapTotal", 0);
        int swapFree = mb.getOrDefault("SwapFree", 0);
        facts.put("memtotal_mb", total);
        facts.put("memfree_mb", free);
        facts.put("swaptotal_mb", swapTotal);
        facts.put("swapfree_mb", swapFree);
        facts.put("memory_mb", ordered(
                "nocache", ordered("free", nocacheFree, "used", total - nocacheFree),
                "real", ordered("free", free, "total", total, "used", total - free),
                "swap", ordered("cached", mb.getOrDefault("SwapCached", 0), "free", swapFree, "total", swapTotal,
                        "used", swapTotal - swapFree)));
    }

    /** Ansible's LinuxHardware.get_cpu_facts for x86 and ARM (sockets from 'physical id', else processor entries). */
    private static void cpu(List<String> lines, Map<String, Object> facts) {
        int processors = 0;
        Map<String, Integer> sockets = new LinkedHashMap<>();
        Map<String, Integer> cores = new LinkedHashMap<>();
        String physid = "0";
        String coreid = "0";
        for (String line : lines) {
            String[] kv = line.split(":", 2);
            String key = kv[0].strip();
            String val = kv.length < 2 ? "" : kv[1].strip();
            switch (key) {
                case "processor" -> processors++;
                case "physical id" -> {
                    physid = val;
                    sockets.putIfAbsent(physid, 1);
                }
                case "core id" -> {
                    coreid = val;
                    // Ansible tests the core id against the sockets map here, a quirk kept for equal counts.
                    if (!sockets.containsKey(coreid)) cores.put(coreid, 1);
                }
                case "cpu cores" -> sockets.put(physid, parseIntOr(val, 1));
                case "siblings" -> cores.put(coreid, parseIntOr(val, 1));
                default -> { }
            }
        }
        if (processors == 0) return;
        int count = sockets.isEmpty() ? processors : sockets.size();
        int coresPerSocket = sockets.isEmpty() ? 1 : Math.max(sockets.values().iterator().next(), 1);
        int threads = cores.isEmpty() ? 1 / coresPerSocket : cores.values().iterator().next() / coresPerSocket;
        facts.put("processor_count", count);
        facts.put("processor_cores", coresPerSocket);
        facts.put("processor_threads_per_core", threads);
        facts.put("processor_vcpus", threads * count * coresPerSocket);
    }

    private static void network(Output out, Map<String, Object> facts) {
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

    /** An unmodifiable map of the given key, value pairs in that order (Ansible's JSON lists keys sorted). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    private static void putInt(Map<String, Object> facts, String name, String value) {
        Integer i = value == null ? null : parseInt(value);
        if (i != null) facts.put(name, i);
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int parseIntOr(String s, int fallback) {
        Integer i = parseInt(s);
        return i == null ? fallback : i;
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> osFamilies(Map<String, List<String>> byFamily) {
        Map<String, String> out = new HashMap<>();
        byFamily.forEach((family, names) -> names.forEach(n -> out.put(n, family)));
        return Map.copyOf(out);
    }

    /** The snippet's output, split into key=value lines, raw blocks, and the trailing {@code export -p} listing. */
    private record Output(Map<String, List<String>> values, Map<String, List<String>> blocks, String env) {
        static Output read(String text) {
            Map<String, List<String>> values = new HashMap<>();
            Map<String, List<String>> blocks = new HashMap<>();
            String env = null;
            String[] lines = text.split("\n", -1);
            List<String> block = null;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.equals("@env")) {
                    env = String.join("\n", Arrays.asList(lines).subList(i + 1, lines.length));
                    break;
                }
                if (line.startsWith("@")) {
                    block = line.length() == 1 ? null : blocks.computeIfAbsent(line.substring(1), k -> new ArrayList<>());
                } else if (block != null) {
                    block.add(line);
                } else {
                    int eq = line.indexOf('=');
                    if (eq > 0) values.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
                }
            }
            return new Output(values, blocks, env);
        }

        String first(String key) {
            List<String> v = values.get(key);
            return v == null || v.isEmpty() ? "" : v.get(0);
        }

        List<String> all(String key) {
            return values.getOrDefault(key, List.of());
        }

        List<String> block(String name) {
            return blocks.getOrDefault(name, List.of());
        }

        /** /etc/os-release as a map; values are unquoted as the shell would (the file is shell-compatible). */
        Map<String, String> osRelease() {
            Map<String, String> os = new HashMap<>();
            for (Map.Entry<String, List<String>> e : values.entrySet()) {
                if (!e.getKey().startsWith("os.")) continue;
                String key = e.getKey().substring(3);
                String raw = e.getValue().get(0);
                List<String> words;
                try {
                    words = Shell.split(raw);
                } catch (IllegalArgumentException badQuotes) {
                    words = List.of(raw);
                }
                os.put(key, String.join(" ", words));
            }
            return os;
        }
    }
}
