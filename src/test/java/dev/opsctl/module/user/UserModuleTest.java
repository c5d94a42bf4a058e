package dev.opsctl.module.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.GroupState;
import dev.opsctl.facts.LoginDefsQuery;
import dev.opsctl.facts.UserDefaultsQuery;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.LocalConnection;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserModuleTest {
    private final UserModule module = new UserModule();

    @TempDir
    Path dir;

    private UserModule.UserArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    static UserState.Present deploy(List<String> groups, String shell, String password) {
        return new UserState.Present("deploy", 1500, 1500, "deploy", groups, "", "/home/deploy", shell, password, true,
                FileState.ABSENT, FileState.ABSENT);
    }

    /** Facts for a host where {@code user} is the deploy account and groups a, b, c (and deploy's own) exist. */
    static Facts host(UserState user) {
        Map<FactQuery<?>, Object> f = new HashMap<>();
        f.put(new UserQuery("deploy"), user);
        f.put(new UserDefaultsQuery("deploy"), new UserDefaultsQuery.Defaults(true, "/home", "/bin/sh", 100));
        f.put(new LoginDefsQuery(), new LoginDefsQuery.LoginDefs(true, 022));
        f.put(new GroupQuery("deploy"), user instanceof UserState.Present ? new GroupState.Present("deploy", 1500, List.of()) : GroupState.ABSENT);
        f.put(new GroupQuery("a"), new GroupState.Present("a", 2001, List.of()));
        f.put(new GroupQuery("b"), new GroupState.Present("b", 2002, List.of()));
        f.put(new GroupQuery("c"), new GroupState.Present("c", 2003, List.of()));
        f.put(new GroupQuery("missing"), GroupState.ABSENT);
        for (String home : List.of("/home/deploy", "/srv/deploy")) {
            f.put(new FileQuery(home, false), FileState.ABSENT);
            f.put(new FileQuery(home + "/.ssh", false), FileState.ABSENT);
            f.put(new FileQuery(home + "/.ssh/authorized_keys", true), FileState.ABSENT);
        }
        f.put(new FileQuery("/srv", false), new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 0, 1, 2, null, null, null, 0, 0));
        return HostRun.facts(f);
    }

    @Test
    void newUserIsACreateWithItsAttributesAndUseradd() {
        Planned p = module.plan(args(Map.of("name", "deploy", "uid", 1500, "groups", "a,b", "shell", "/bin/bash")), host(UserState.ABSENT));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().summary()).isEqualTo("user deploy");
        assertThat(p.change().details()).containsExactly("uid 1500", "group deploy (new)", "groups a,b", "shell /bin/bash", "create home /home/deploy");
        UserState.Present after = (UserState.Present) HostRun.predicted(p, new UserQuery("deploy"));
        assertThat(after.home()).isEqualTo("/home/deploy");
        assertThat(after.groups()).containsExactly("a", "b");
        assertThat(after.uid()).isEqualTo(1500);
        assertThat(HostRun.predicted(p, new GroupQuery("deploy"))).isInstanceOf(GroupState.Present.class);
        assertThat(HostRun.predicted(p, new FileQuery("/home/deploy", false))).isInstanceOf(FileState.Present.class);
        assertThat(((GroupState.Present) HostRun.predicted(p, new GroupQuery("a"))).members()).containsExactly("deploy");
    }

    @Test
    void systemUserWithoutHomeUsesDashRAndDashM() {
        Planned p = module.plan(args(Map.of("name", "deploy", "system", true, "create_home", false, "comment", "Deploy's service")), host(UserState.ABSENT));
        assertThat(p.change().details()).contains("system user", "home /home/deploy (not created)", "comment Deploy's service");
        // The exact command is the behaviour here: a comment holding a quote reaches useradd as one argument.
        assertThat(p.change().steps().get(0).script()).startsWith("useradd -c 'Deploy'\\''s service' -M -r -- deploy && ");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).homeExists()).isFalse();
    }

    @Test
    void aHomeInAMissingDirectoryGetsItsParentFirst() {
        Planned p = module.plan(args(Map.of("name", "deploy", "home", "/srv/deploy/home")), withAbsentHome(host(UserState.ABSENT), "/srv/deploy/home"));
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).home()).isEqualTo("/srv/deploy/home");
        assertThat(HostRun.predicted(p, new FileQuery("/srv/deploy/home", false))).isInstanceOf(FileState.Present.class);
    }

    @Test
    void unknownGroupFailsThePlanWithAnsiblesMessage() {
        assertThatThrownBy(() -> module.plan(args(Map.of("name", "deploy", "groups", List.of("a", "missing"))), host(UserState.ABSENT)))
                .isInstanceOf(PlanException.class).hasMessage("Group missing does not exist");
        assertThatThrownBy(() -> module.plan(args(Map.of("name", "deploy", "group", "missing")), host(deploy(List.of(), "/bin/sh", ""))))
                .isInstanceOf(PlanException.class).hasMessage("Group missing does not exist");
    }

    @Test
    void aGroupCreatedByAnEarlierTaskIsSeenThroughThePredictedFacts() {
        Facts facts = host(UserState.ABSENT);
        GroupModule groups = new GroupModule();
        Planned g = groups.plan(new HostRun(dir).parse(groups, Map.of("name", "missing", "gid", 3000)), facts);
        g.predicted().forEach(facts::apply);
        Planned p = module.plan(args(Map.of("name", "deploy", "group", "missing")), facts);
        assertThat(p.change().details()).contains("group missing");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).gid()).isEqualTo(3000);
    }

    @Test
    void matchingUserIsNoOpWithAReason() {
        Planned p = module.plan(args(Map.of("name", "deploy", "shell", "/bin/bash", "groups", List.of("a"), "password", "$6$x")),
                host(deploy(List.of("a"), "/bin/bash", "$6$x")));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("user deploy exists as wanted");
        assertThat(module.registered(args(Map.of("name", "deploy")), p, null))
                .containsEntry("uid", 1500).containsEntry("group", 1500).containsEntry("home", "/home/deploy").containsEntry("shell", "/bin/bash");
    }

    @Test
    void changedShellIsAnUpdateOfJustThatAttribute() {
        Planned p = module.plan(args(Map.of("name", "deploy", "shell", "/bin/bash")), host(deploy(List.of(), "/bin/sh", "")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("shell /bin/sh -> /bin/bash");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).shell()).isEqualTo("/bin/bash");
    }

    @Test
    void withoutAppendGroupsBecomeExactlyTheList() {
        Planned p = module.plan(args(Map.of("name", "deploy", "groups", List.of("a", "b"))), host(deploy(List.of("a", "c"), "/bin/sh", "")));
        assertThat(p.change().details()).containsExactly("groups a,c -> a,b");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).groups()).containsExactly("a", "b");
        Planned none = module.plan(args(Map.of("name", "deploy", "groups", "")), host(deploy(List.of("a"), "/bin/sh", "")));
        assertThat(none.change().details()).containsExactly("groups a -> (none)");
        assertThat(((UserState.Present) HostRun.predicted(none, new UserQuery("deploy"))).groups()).isEmpty();
    }

    @Test
    void withAppendOnlyMissingGroupsAreAdded() {
        Planned p = module.plan(args(Map.of("name", "deploy", "groups", List.of("b"), "append", true)), host(deploy(List.of("a", "c"), "/bin/sh", "")));
        assertThat(p.change().details()).containsExactly("groups a,c -> a,c,b");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).groups()).containsExactly("a", "c", "b");
        Planned subset = module.plan(args(Map.of("name", "deploy", "groups", List.of("a"), "append", true)), host(deploy(List.of("a", "c"), "/bin/sh", "")));
        assertThat(subset.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void anUnreadableShadowIsSaidNotGuessed() {
        Planned p = module.plan(args(Map.of("name", "deploy", "password", "$6$x")), host(deploy(List.of(), "/bin/sh", null)));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).singleElement().asString().contains("/etc/shadow is not readable").doesNotContain("$6$x");
        Planned locked = module.plan(args(Map.of("name", "deploy", "password", "$6$x")), host(deploy(List.of(), "/bin/sh", "!$6$x")));
        assertThat(locked.change().action()).as("a lock mark is not a different password, as in Ansible").isEqualTo(Action.NO_OP);
    }

    @Test
    void aMissingHomeIsCreatedFromSkelForAnExistingUser() {
        UserState.Present noHome = new UserState.Present("deploy", 1500, 1500, "deploy", List.of(), "", "/home/deploy", "/bin/sh", "",
                false, FileState.ABSENT, FileState.ABSENT);
        Planned p = module.plan(args(Map.of("name", "deploy")), host(noHome));
        assertThat(p.change().details()).containsExactly("create home /home/deploy");
        assertThat(((UserState.Present) HostRun.predicted(p, new UserQuery("deploy"))).homeExists()).isTrue();
        assertThat(HostRun.predicted(p, new FileQuery("/home/deploy", false))).isInstanceOf(FileState.Present.class);
    }

    @Test
    void absentWithRemoveDeletesUserHomeAndOwnGroup() {
        Planned p = module.plan(args(Map.of("name", "deploy", "state", "absent", "remove", true)), host(deploy(List.of("a"), "/bin/sh", "")));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().details()).containsExactly("remove user (uid 1500)", "remove home /home/deploy", "remove group deploy");
        assertThat(HostRun.predicted(p, new UserQuery("deploy"))).isEqualTo(UserState.ABSENT);
        assertThat(HostRun.predicted(p, new FileQuery("/home/deploy", false))).isEqualTo(FileState.ABSENT);
        Planned gone = module.plan(args(Map.of("name", "deploy", "state", "absent")), host(UserState.ABSENT));
        assertThat(gone.change().details()).containsExactly("user deploy already absent");
    }

    @Test
    void queryReadsThisMachinesRootAccount() throws Exception {
        Facts facts = new Facts();
        UserQuery q = new UserQuery("root");
        FactBatch.gather(new LocalConnection("localhost"), List.of(q, new UserQuery("no-such-user-opsctl"), new GroupQuery("root"),
                new UserDefaultsQuery("no-such-user-opsctl"), new LoginDefsQuery()), facts);
        UserState.Present root = (UserState.Present) facts.get(q);
        assertThat(root.uid()).isZero();
        assertThat(root.group()).isEqualTo("root");
        assertThat(root.home()).isEqualTo("/root");
        assertThat(root.homeExists()).isTrue();
        assertThat(root.sshDir()).isNotNull();
        assertThat(facts.get(new UserQuery("no-such-user-opsctl"))).isEqualTo(UserState.ABSENT);
        assertThat(((GroupState.Present) facts.get(new GroupQuery("root"))).gid()).isZero();
        assertThat(facts.get(new UserDefaultsQuery("no-such-user-opsctl")).homeBase()).startsWith("/");
    }

    private static Facts withAbsentHome(Facts f, String home) {
        f.put(new FileQuery(home, false), FileState.ABSENT);
        f.put(new FileQuery(home + "/.ssh", false), FileState.ABSENT);
        f.put(new FileQuery(home + "/.ssh/authorized_keys", true), FileState.ABSENT);
        return f;
    }
}
