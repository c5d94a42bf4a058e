package dev.opsctl.bench;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What bench/site.yml manages on one host, read from outside through the host's root, so that the fleet opsctl
 * configured can be compared with the one Ansible configured. Owners are names looked up in the host's own
 * /etc/passwd and /etc/group, since the two fleets may give the app user different ids.
 */
record EndState(String host, Map<String, PathState> paths, Optional<Account> user, Optional<Account> group) {
    static final String APP_ROOT = "/opt/benchapp";
    static final String APP_ACCOUNT = "benchapp";
    /** Written by the handler with the time of day: only its existence can match across fleets. */
    static final String TIMESTAMP_FILE = APP_ROOT + "/config-changed-at";
    /** The token file is the one task that sets an owner, so it goes with the user and group tasks. */
    static final String OWNED_FILE = APP_ROOT + "/etc/token";
    private static final List<String> MANAGED = List.of(
            APP_ROOT, APP_ROOT + "/etc", APP_ROOT + "/releases",
            APP_ROOT + "/etc/app.conf", APP_ROOT + "/etc/motd", APP_ROOT + "/etc/environment",
            APP_ROOT + "/current", APP_ROOT + "/etc/app.conf.orig", TIMESTAMP_FILE);
    /** Debian's SYS_UID_MAX and SYS_GID_MAX (/etc/login.defs): ids below are what {@code system: true} allocates. */
    private static final long SYSTEM_ID_LIMIT = 1000;

    /** One managed path; content is null where it is not compared (directories, links, the timestamp file). */
    record PathState(String kind, String mode, String owner, String group, String content, String linkTarget) {
        static final PathState ABSENT = new PathState("absent", null, null, null, null, null);

        /** Kind, mode and ownership in one phrase, for a path that is not even the same kind on both sides. */
        String summary() {
            if (kind.equals("absent")) return kind;
            return kind + (mode == null ? "" : " " + mode) + " " + owner + ":" + group + (linkTarget == null ? "" : " -> " + linkTarget);
        }
    }

    /** A /etc/passwd or /etc/group entry: its id, and the fields that must match across fleets. */
    record Account(String name, long id, String fields) {
        @Override
        public String toString() {
            return name + " id=" + id + " " + fields;
        }
    }

    static EndState read(Fleet fleet, FleetHost host, boolean withUsers) throws IOException {
        HostIds ids = HostIds.read(fleet, host);
        List<String> managed = new ArrayList<>(MANAGED);
        if (withUsers) managed.add(OWNED_FILE);
        Map<String, PathState> paths = new LinkedHashMap<>();
        for (String p : managed) paths.put(p, pathState(fleet, host, p, ids));
        Optional<Account> user = withUsers ? ids.user(APP_ACCOUNT) : Optional.empty();
        Optional<Account> group = withUsers ? ids.group(APP_ACCOUNT) : Optional.empty();
        return new EndState(host.name(), paths, user, group);
    }

    /** Every way {@code other} (the same host name on the other fleet) differs from this, one line each. */
    List<String> differencesFrom(EndState other) {
        List<String> diffs = new ArrayList<>();
        for (var e : paths.entrySet()) {
            PathState mine = e.getValue();
            PathState theirs = other.paths.getOrDefault(e.getKey(), PathState.ABSENT);
            if (!mine.equals(theirs)) diffs.add(host + " " + e.getKey() + ": " + describe(mine, theirs));
        }
        accountDifference("user", user, other.user).ifPresent(d -> diffs.add(host + " " + d));
        accountDifference("group", group, other.group).ifPresent(d -> diffs.add(host + " " + d));
        return diffs;
    }

    private static PathState pathState(Fleet fleet, FleetHost host, String absolute, HostIds ids) throws IOException {
        Path p = outsidePath(fleet, host, absolute);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return PathState.ABSENT;
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        String owner = ids.userName((Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        String group = ids.groupName((Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        if (Files.isSymbolicLink(p)) {
            return new PathState("link", null, owner, group, null, Files.readSymbolicLink(p).toString());
        }
        String perm = String.format("%04o", mode & 07777);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) return new PathState("directory", perm, owner, group, null, null);
        String content = absolute.equals(TIMESTAMP_FILE) ? null : new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        return new PathState("file", perm, owner, group, content, null);
    }

    /**
     * The path seen from here. Fleet.path refuses a path whose last part is an absolute symlink (following it from
     * outside would reach this machine's files); the link itself is only read, never followed, so take its parent.
     */
    private static Path outsidePath(Fleet fleet, FleetHost host, String absolute) throws IOException {
        Path abs = Path.of(absolute);
        return fleet.path(host, abs.getParent().toString()).resolve(abs.getFileName().toString());
    }

    private static String describe(PathState a, PathState b) {
        if (!a.kind().equals(b.kind())) return a.summary() + " vs " + b.summary();
        List<String> parts = new ArrayList<>();
        field(parts, "mode", a.mode(), b.mode());
        field(parts, "owner", a.owner(), b.owner());
        field(parts, "group", a.group(), b.group());
        field(parts, "link", a.linkTarget(), b.linkTarget());
        if (!Objects.equals(a.content(), b.content())) parts.add("content " + firstDifference(a.content(), b.content()));
        return String.join(", ", parts);
    }

    private static void field(List<String> parts, String name, String a, String b) {
        if (!Objects.equals(a, b)) parts.add(name + " " + a + " vs " + b);
    }

    /** The first line where two contents differ, shown escaped, so a stray space or newline is visible. */
    private static String firstDifference(String a, String b) {
        if (a == null || b == null) return (a == null ? "none" : escape(a)) + " vs " + (b == null ? "none" : escape(b));
        List<String> la = a.lines().toList();
        List<String> lb = b.lines().toList();
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            String x = i < la.size() ? la.get(i) : "(end)";
            String y = i < lb.size() ? lb.get(i) : "(end)";
            if (!x.equals(y)) return "line " + (i + 1) + ": " + escape(x) + " vs " + escape(y);
        }
        return "line endings: " + escape(tail(a)) + " vs " + escape(tail(b));
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 20));
    }

    private static String escape(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }

    /** Ids may differ only when both are system ids: which free id useradd picks is not the playbook's business. */
    private static Optional<String> accountDifference(String kind, Optional<Account> a, Optional<Account> b) {
        if (a.isEmpty() && b.isEmpty()) return Optional.empty();
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.of(kind + " " + APP_ACCOUNT + ": " + a.map(Account::toString).orElse("absent") + " vs "
                    + b.map(Account::toString).orElse("absent"));
        }
        Account x = a.get();
        Account y = b.get();
        boolean idsOk = x.id() == y.id() || (x.id() < SYSTEM_ID_LIMIT && y.id() < SYSTEM_ID_LIMIT);
        return idsOk && x.fields().equals(y.fields()) ? Optional.empty() : Optional.of(kind + " " + APP_ACCOUNT + ": " + x + " vs " + y);
    }

    /** A host's /etc/passwd and /etc/group, to turn ids into names as the host itself would. */
    private record HostIds(List<String[]> passwd, List<String[]> groups) {
        static HostIds read(Fleet fleet, FleetHost host) throws IOException {
            return new HostIds(entries(fleet.path(host, "/etc/passwd")), entries(fleet.path(host, "/etc/group")));
        }

        private static List<String[]> entries(Path file) throws IOException {
            try {
                return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> l.split(":", -1)).toList();
            } catch (NoSuchFileException e) {
                return List.of();
            }
        }

        String userName(long uid) {
            return passwd.stream().filter(f -> f[2].equals(Long.toString(uid))).map(f -> f[0]).findFirst().orElse("#" + uid);
        }

        String groupName(long gid) {
            return groups.stream().filter(f -> f[2].equals(Long.toString(gid))).map(f -> f[0]).findFirst().orElse("#" + gid);
        }

        /** passwd: name:x:uid:gid:gecos:home:shell */
        Optional<Account> user(String name) {
            return passwd.stream().filter(f -> f[0].equals(name)).findFirst()
                    .map(f -> new Account(f[0], Long.parseLong(f[2]),
                            "group=" + groupName(Long.parseLong(f[3])) + " home=" + f[5] + " shell=" + f[6]));
        }

        /** group: name:x:gid:members */
        Optional<Account> group(String name) {
            return groups.stream().filter(f -> f[0].equals(name)).findFirst()
                    .map(f -> new Account(f[0], Long.parseLong(f[2]), "members=" + f[3]));
        }
    }
}
