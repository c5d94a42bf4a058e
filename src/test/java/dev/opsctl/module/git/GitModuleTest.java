package dev.opsctl.module.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git planner against a real local repository, its steps run by this machine's git: the checkout a user finds. */
class GitModuleTest {
    private final GitModule module = new GitModule();
    private final LocalConnection sh = new LocalConnection("local");

    @TempDir
    Path dir;

    private Path origin;
    private Path work;

    private String git(Path in, String... words) throws Exception {
        var r = sh.exec("cd " + dev.opsctl.transport.Shell.quote(in.toString()) + " && git -c user.email=t@t -c user.name=t "
                + dev.opsctl.transport.Shell.command(java.util.List.of(words)), new byte[0]);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().strip();
    }

    @BeforeEach
    void repository() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("app.txt"), "one\n");
        git(work, "add", "app.txt");
        git(work, "commit", "-q", "-m", "one");
        git(work, "tag", "-a", "v1", "-m", "release 1");
        git(work, "checkout", "-q", "-b", "stable");
        git(work, "checkout", "-q", "main");
        origin = dir.resolve("origin.git");
        git(dir, "clone", "-q", "--bare", work.toString(), origin.toString());
    }

    private Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("repo", origin.toString(), "dest", dir.resolve("checkout").toString()));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private Planned apply(HostRun host, Map<String, Object> raw) throws Exception {
        return host.apply(module, host.parse(module, raw));
    }

    private Planned plan(Map<String, Object> raw) throws Exception {
        HostRun host = new HostRun(dir);
        return host.plan(module, host.parse(module, raw));
    }

    @Test
    void clonesThenPlansNothingThenFollowsANewCommitOfTheBranch() throws Exception {
        HostRun host = new HostRun(dir);
        Planned first = apply(host, args());
        assertThat(first.change().action()).isEqualTo(Action.CREATE);
        Path checkout = dir.resolve("checkout");
        String head = git(checkout, "rev-parse", "HEAD");
        assertThat(head).isEqualTo(git(work, "rev-parse", "HEAD"));
        assertThat(git(checkout, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
        assertThat(module.registered(host.parse(module, args()), first, host.last())).containsEntry("before", null).containsEntry("after", head);

        assertThat(plan(args()).change().action()).isEqualTo(Action.NO_OP);

        Files.writeString(work.resolve("app.txt"), "two\n");
        git(work, "commit", "-q", "-am", "two");
        git(work, "push", "-q", origin.toString(), "main");
        Planned update = plan(args());
        assertThat(update.change().action()).isEqualTo(Action.UPDATE);
        assertThat(update.change().details()).containsExactly("HEAD: " + head + " -> " + git(work, "rev-parse", "HEAD"));
        apply(host, args());
        assertThat(Files.readString(checkout.resolve("app.txt"))).isEqualTo("two\n");
        assertThat(plan(args()).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aTagABranchAndACommitAreCheckedOutAsGitPyDoes() throws Exception {
        HostRun host = new HostRun(dir);
        String one = git(work, "rev-parse", "HEAD");
        apply(host, args("version", "v1"));
        Path checkout = dir.resolve("checkout");
        assertThat(git(checkout, "rev-parse", "HEAD")).isEqualTo(one);
        assertThat(plan(args("version", "v1")).change().action()).isEqualTo(Action.NO_OP);

        Files.writeString(work.resolve("app.txt"), "stable\n");
        git(work, "checkout", "-q", "stable");
        git(work, "commit", "-q", "-am", "on stable");
        git(work, "push", "-q", origin.toString(), "stable");
        apply(host, args("version", "stable"));
        assertThat(git(checkout, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("stable");
        assertThat(Files.readString(checkout.resolve("app.txt"))).isEqualTo("stable\n");
        assertThat(plan(args("version", "stable")).change().action()).isEqualTo(Action.NO_OP);

        apply(host, args("version", one.substring(0, 10)));
        assertThat(git(checkout, "rev-parse", "HEAD")).isEqualTo(one);
        assertThat(plan(args("version", one.substring(0, 10))).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void localModificationsFailUnlessForceDiscardsThem() throws Exception {
        HostRun host = new HostRun(dir);
        apply(host, args());
        Path checkout = dir.resolve("checkout");
        Files.writeString(checkout.resolve("app.txt"), "edited\n");
        Files.writeString(checkout.resolve("untracked"), "x\n");
        assertThatThrownBy(() -> plan(args())).isInstanceOf(PlanException.class)
                .hasMessage("Local modifications exist in the destination: " + checkout + " (force=no).");
        Planned forced = apply(host, args("force", true));
        assertThat(forced.change().details()).containsExactly("discard local modifications (force=yes)");
        assertThat(Files.readString(checkout.resolve("app.txt"))).isEqualTo("one\n");
        assertThat(checkout.resolve("untracked")).exists();
        assertThat(plan(args()).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void anUnknownVersionOrRepositoryFailsThePlan() {
        assertThatThrownBy(() -> plan(args("version", "no-such-branch"))).isInstanceOf(PlanException.class)
                .hasMessageContaining("no branch, tag or commit");
        assertThatThrownBy(() -> plan(args("repo", dir.resolve("missing").toString()))).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("Failed to list file://" + dir.resolve("missing"));
    }
}
