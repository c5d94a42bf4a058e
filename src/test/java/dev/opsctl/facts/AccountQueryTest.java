package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UserQuery, GroupQuery and UserDefaultsQuery run in the batch's own shell, on this machine's accounts. */
class AccountQueryTest {
    private static final String LDAP_USER = "opsctl-ldap-user";
    private static final String LDAP_GROUP = "opsctl-ldap-group";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void localAccountsReadFromTheFilesMatchGetent(String shell) throws Exception {
        Facts facts = gather(shell, System.getenv("PATH"), new UserQuery("root"), new GroupQuery("root"), new GroupQuery("0"),
                new GroupQuery("00"), new UserDefaultsQuery("root"));
        String[] pw = run("getent", "passwd", "root").split(":", -1);
        UserState.Present root = (UserState.Present) facts.get(new UserQuery("root"));
        assertThat(root.uid()).isEqualTo(Integer.parseInt(pw[2]));
        assertThat(root.home()).isEqualTo(pw[5]);
        assertThat(root.shell()).isEqualTo(pw[6]);
        assertThat(root.group()).isEqualTo(run("getent", "group", pw[3]).split(":")[0]);
        assertThat(root.homeExists()).isTrue();
        GroupState byName = facts.get(new GroupQuery("root"));
        assertThat(byName).isEqualTo(GroupQuery.parseLine(run("getent", "group", "root")));
        // An all-digit name is a gid, leading zeros and all, as for getent.
        assertThat(facts.get(new GroupQuery("0"))).isEqualTo(byName);
        assertThat(facts.get(new GroupQuery("00"))).isEqualTo(byName);
        assertThat(facts.get(new UserDefaultsQuery("root")).homeBase()).startsWith("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void anAccountOnlyADirectoryKnowsComesFromGetent(String shell) throws Exception {
        Facts facts = gather(shell, fakeGetent() + ":" + System.getenv("PATH"), new UserQuery(LDAP_USER),
                new GroupQuery(LDAP_GROUP), new GroupQuery("7000"), new UserQuery("OPSCTL-LDAP-USER"), new GroupQuery("nosuch-opsctl"));
        assertThat(facts.get(new UserQuery(LDAP_USER))).isEqualTo(new UserState.Present(LDAP_USER, 7000, 7000, LDAP_GROUP,
                List.of(), "LDAP user", "/nonexistent-opsctl", "/bin/sh", "", false, FileState.ABSENT, FileState.ABSENT));
        GroupState group = new GroupState.Present(LDAP_GROUP, 7000, List.of(LDAP_USER));
        assertThat(facts.get(new GroupQuery(LDAP_GROUP))).isEqualTo(group);
        assertThat(facts.get(new GroupQuery("7000"))).isEqualTo(group);
        // A directory that matches names without regard to case answers for another name: not this user.
        assertThat(facts.get(new UserQuery("OPSCTL-LDAP-USER"))).isEqualTo(UserState.ABSENT);
        assertThat(facts.get(new GroupQuery("nosuch-opsctl"))).isEqualTo(GroupState.ABSENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void useraddDefaultsAreAskedOnlyForAUserStillToBeMade(String shell) throws Exception {
        // A useradd first on PATH that says where it ran: -D costs the host a process, which a user already there
        // (every no-change run) does not need.
        Path bin = Files.createDirectories(dir.resolve("traced"));
        Path calls = dir.resolve("useradd-calls");
        Files.writeString(bin.resolve("useradd"), "#!/bin/sh\necho \"$*\" >> " + calls + "\n"
                + "printf 'GROUP=1234\\nHOME=/srv/people\\nSHELL=/bin/zsh\\n'\n");
        assertThat(bin.resolve("useradd").toFile().setExecutable(true)).isTrue();
        Facts facts = gather(shell, bin + ":" + System.getenv("PATH"), new UserDefaultsQuery("root"));
        UserDefaultsQuery.Defaults root = facts.get(new UserDefaultsQuery("root"));
        assertThat(root.useradd()).isTrue();
        assertThat(calls).doesNotExist();
        assertThat(root.home("x")).isEqualTo("/home/x");

        facts = gather(shell, bin + ":" + System.getenv("PATH"), new UserDefaultsQuery(LDAP_USER));
        UserDefaultsQuery.Defaults absent = facts.get(new UserDefaultsQuery(LDAP_USER));
        assertThat(Files.readString(calls)).isEqualTo("-D\n");
        assertThat(absent).extracting(UserDefaultsQuery.Defaults::homeBase, UserDefaultsQuery.Defaults::shell,
                UserDefaultsQuery.Defaults::group).containsExactly("/srv/people", "/bin/zsh", 1234);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void loginDefsReadsTheSameWithGrepAndWithoutIt(String shell) throws Exception {
        Path defs = Path.of("/etc/login.defs");
        assumeThat(Files.isReadable(defs)).as("/etc/login.defs").isTrue();
        boolean userGroups = false;
        int umask = -1;
        for (String line : Files.readAllLines(defs)) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 2 && w[0].equals("USERGROUPS_ENAB")) userGroups = w[1].equals("yes");
            if (w.length >= 2 && w[0].equals("UMASK")) umask = Integer.parseInt(w[1], 8);
        }
        LoginDefsQuery.LoginDefs expected = new LoginDefsQuery.LoginDefs(userGroups, umask);
        assertThat(gather(shell, System.getenv("PATH"), new LoginDefsQuery()).get(new LoginDefsQuery())).isEqualTo(expected);
        // PATH holds nothing: the shell's own loop reads the file.
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(gather(shell, empty.toString(), new LoginDefsQuery()).get(new LoginDefsQuery())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void withoutGetentOnlyTheFilesCount(String shell) throws Exception {
        // PATH holds only the shell: every answer comes from builtins reading the files.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Facts facts = gather(shell, bin.toString(), new UserQuery(LDAP_USER), new UserQuery("root"), new GroupQuery("root"));
        assertThat(facts.get(new UserQuery(LDAP_USER))).isEqualTo(UserState.ABSENT);
        assertThat(facts.get(new UserQuery("root"))).isInstanceOf(UserState.Present.class);
        assertThat(facts.get(new GroupQuery("root"))).isInstanceOf(GroupState.Present.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void theBatchShellStaysInItsDirectory(String shell) throws Exception {
        // The user query looks into the home of root (/root) without a cd; a query after it still sees the start directory.
        FactQuery<String> cwd = new FactQuery<>() {
            public String key() { return "cwd"; }
            public String script() { return "pwd"; }
            public boolean isolated() { return false; }
            public String parse(String output) { return output; }
        };
        Facts facts = gather(shell, System.getenv("PATH"), new UserQuery("root"), cwd);
        assertThat(facts.get(cwd)).isEqualTo(dir.toRealPath().toString());
    }

    private Facts gather(String shell, String path, FactQuery<?>... queries) throws TransportException {
        List<String> sh = shell.equals("busybox") ? List.of("busybox", "sh") : List.of(shell);
        assumeThat(onPath(sh.get(0))).as(sh.get(0) + " on PATH").isTrue();
        Facts facts = new Facts();
        FactBatch.gather(new ShellConnection(sh, path, dir), List.of(queries), facts);
        for (FactQuery<?> q : queries) assertThat(q.isolated()).as(q.key()).isFalse();
        return facts;
    }

    /** A getent that also knows a directory's user and group, as one backed by LDAP would. */
    private String fakeGetent() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("ldap"));
        Path getent = bin.resolve("getent");
        String real = run("sh", "-c", "command -v getent");
        // opsctl asks "getent DATABASE -- KEY": the "--" keeps a key from being read as an option.
        Files.writeString(getent, "#!/bin/sh\nk=$2; [ \"$k\" = -- ] && k=$3\ncase \"$1 $k\" in\n"
                + "'passwd " + LDAP_USER + "'|'passwd OPSCTL-LDAP-USER') echo '" + LDAP_USER + ":*:7000:7000:LDAP user:/nonexistent-opsctl:/bin/sh' ;;\n"
                + "'group " + LDAP_GROUP + "'|'group 7000') echo '" + LDAP_GROUP + ":*:7000:" + LDAP_USER + "' ;;\n"
                + "*) exec " + real + " \"$@\" ;;\nesac\n");
        assertThat(getent.toFile().setExecutable(true)).isTrue();
        return bin.toString();
    }

    private static boolean onPath(String program) {
        try {
            return !run("sh", "-c", "command -v " + program + " || true").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
