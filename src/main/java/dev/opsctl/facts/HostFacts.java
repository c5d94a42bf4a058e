package dev.opsctl.facts;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ansible's common facts ({@code ansible_hostname}, {@code ansible_distribution}, ...) for a Linux host, as one
 * fact query whose snippet needs nothing but POSIX {@code sh}. Keys are Ansible's fact names without the
 * {@code ansible_} prefix, with Ansible's value types; {@code subset} is Ansible's {@code gather_subset}.
 */
public record HostFacts(Set<String> subset, String factPath) implements FactQuery<Map<String, Object>> {
    /** Everything: Ansible's default {@code gather_subset: all}. */
    public static final HostFacts ALL = new HostFacts(Set.of("all"));
    /** Ansible's {@code gather_subset: min}: who and what the host is, without hardware or network. */
    public static final HostFacts MIN = new HostFacts(Set.of("min"));

    /** Groups of facts a gather_subset selects; the first ten make up min (Ansible's, plus opsctl's boot facts). */
    private enum Part {
        PLATFORM, DISTRIBUTION, USER, ENV, DATE_TIME, PKG_MGR, SERVICE_MGR, LOCAL, PYTHON, OPSCTL_BOOT,
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


    public HostFacts {
        subset = Set.copyOf(subset);
        parts(subset);
        if (factPath == null) factPath = LocalFacts.DEFAULT_PATH;
    }

    /** Facts read from the default {@code fact_path}. */
    public HostFacts(Set<String> subset) {
        this(subset, null);
    }

    /** The same facts with local facts ({@code ansible_local}) read from {@code path}: setup's {@code fact_path}. */
    public HostFacts withFactPath(String path) {
        return new HostFacts(subset, path);
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
        // Local facts from another directory are another answer; the default keeps the key every caller knows.
        return factPath.equals(LocalFacts.DEFAULT_PATH) ? "host_facts" : "host_facts@" + factPath;
    }

    @Override
    public boolean covers(FactQuery<?> other) {
        return !(other instanceof HostFacts h) || parts(subset).containsAll(parts(h.subset)) && factPath.equals(h.factPath);
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
            for (String[] pm : SystemFacts.PKG_MGRS) s.append(' ').append(pm[0]);
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
        if (parts.contains(Part.PYTHON)) s.append(PythonFacts.SCRIPT);
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
        if (parts.contains(Part.LOCAL)) s.append(LocalFacts.script(factPath));
        if (parts.contains(Part.ENV)) {
            s.append("echo @env; export -p\n");
        }
        return s.toString();
    }

    @Override
    public Map<String, Object> parse(String output) {
        FactOutput out = FactOutput.read(output);
        Set<Part> parts = parts(subset);
        Map<String, Object> facts = new LinkedHashMap<>();
        if (parts.contains(Part.PLATFORM)) SystemFacts.platform(out, facts);
        if (parts.contains(Part.DISTRIBUTION)) SystemFacts.distribution(out, facts);
        if (parts.contains(Part.USER)) SystemFacts.user(out, facts);
        if (parts.contains(Part.ENV)) facts.put("env", out.env() == null ? Map.of() : Collections.unmodifiableMap(ExportListing.parse(out.env())));
        if (parts.contains(Part.DATE_TIME)) SystemFacts.dateTime(out, facts);
        if (parts.contains(Part.PKG_MGR)) facts.put("pkg_mgr", SystemFacts.pkgMgr(out, facts));
        if (parts.contains(Part.SERVICE_MGR)) facts.put("service_mgr", SystemFacts.serviceMgr(out));
        if (parts.contains(Part.PYTHON)) PythonFacts.python(out, facts);
        if (parts.contains(Part.OPSCTL_BOOT)) {
            facts.put("opsctl_boot_id", out.first("boot_id"));
            Long btime = FactOutput.parseLong(out.first("btime"));
            if (btime != null) facts.put("opsctl_boot_time", btime);
        }
        if (parts.contains(Part.LOCAL)) {
            Map<String, Object> local = LocalFacts.parse(factPath, out.all("localfact"), out.all("localerr"));
            if (local != null) facts.put("local", Collections.unmodifiableMap(local));
        }
        if (parts.contains(Part.HARDWARE)) HardwareFacts.hardware(out, facts);
        if (parts.contains(Part.NETWORK)) NetworkFacts.network(out, facts);
        return Collections.unmodifiableMap(facts);
    }
}
