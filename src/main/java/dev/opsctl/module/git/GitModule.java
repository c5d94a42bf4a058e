package dev.opsctl.module.git;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code git}: a checkout of {@code repo} at {@code dest} on {@code version} (HEAD, a branch, a tag or a
 * commit), made and updated with the host's own git. The decision is git.py's check mode (the checkout's HEAD against
 * what ls-remote says the version is); the steps are the commands git.py runs (clone, fetch, checkout/reset).
 */
public final class GitModule implements HostModule<GitArgs> {
    /** Printed by the last step, so {@code register:} reports the commit the checkout ended on. */
    private static final String AFTER_MARKER = "opsctl-git-after ";

    @Override
    public String name() {
        return "git";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("repo", "name", "dest", "version", "remote", "refspec", "reference", "force", "depth", "clone",
                "update", "verify_commit", "gpg_whitelist", "accept_hostkey", "accept_newhostkey", "key_file", "ssh_opts",
                "executable", "bare", "recursive", "single_branch", "track_submodules", "umask", "archive", "archive_prefix",
                "separate_git_dir");
    }

    @Override
    public GitArgs parse(Args args, ModuleContext ctx) {
        return GitArgs.parse(args);
    }

    @Override
    public List<FactQuery<?>> facts(GitArgs a) {
        return List.of(new GitQuery(a));
    }

    @Override
    public Planned plan(GitArgs a, Facts facts) {
        GitQuery query = new GitQuery(a);
        GitQuery.Answer found = facts.get(query);
        String summary = "git " + a.dest();
        if (!found.checkedOut()) {
            if (!a.allowClone()) return new Planned(Change.none(summary, "no checkout and clone=no"), List.of(new FactUpdate<>(query, found)));
            String target = target(a, found);
            Change c = new Change(Action.CREATE, summary, List.of("clone " + a.repo() + " at " + a.version() + " (" + target + ")"),
                    null, List.of(new Step(a.environment() + Shell.and(List.of(clone(a, found), switchVersion(a, found), after(a))))));
            return new Planned(c, List.of(new FactUpdate<>(query, checkout(a, found, target, false))));
        }
        if (!a.update()) {
            return new Planned(Change.none(summary, "checkout exists (update=no) at " + found.head()), List.of(new FactUpdate<>(query, found)));
        }
        if (found.modified() > 0 && !a.force()) {
            throw new PlanException("Local modifications exist in the destination: " + a.dest() + " (force=no).");
        }
        String target = target(a, found);
        boolean urlChanged = found.url() != null && !found.url().isEmpty() && !sameUrl(found.url(), a.repo());
        boolean moves = !sameCommit(found.head(), target);
        if (!moves && !urlChanged && found.modified() == 0) {
            return new Planned(Change.none(summary, a.version() + " already checked out (" + found.head() + ")"),
                    List.of(new FactUpdate<>(query, found)));
        }
        List<String> details = new ArrayList<>();
        List<String> cmds = new ArrayList<>();
        cmds.add(Shell.command("cd", a.dest()));
        if (found.modified() > 0) {
            details.add("discard local modifications (force=yes)");
            cmds.add(a.gitCommand() + " reset --hard HEAD");
        }
        if (urlChanged) {
            details.add("remote " + a.remote() + " url " + found.url() + " -> " + a.repo());
            cmds.add(a.gitCommand() + " remote set-url " + Shell.command(a.remote(), a.repo()));
        }
        if (moves) details.add(a.version() + ": " + found.head() + " -> " + target);
        cmds.add(a.gitCommand() + " fetch " + (a.depth() != null ? "--depth " + a.depth() + " " : "") + "--tags "
                + (a.force() ? "--force " : "") + Shell.quote(a.remote()));
        cmds.add(switchVersion(a, found));
        cmds.add(after(a));
        Change c = new Change(Action.UPDATE, summary, details, null, List.of(new Step(a.environment() + Shell.and(cmds))));
        return new Planned(c, List.of(new FactUpdate<>(query, checkout(a, found, target, urlChanged))));
    }

    /** The commit {@code version} will be checked out at, as git.py's {@code get_remote_head} finds it. */
    private static String target(GitArgs a, GitQuery.Answer found) {
        if (found.remoteError() != null) throw new PlanException("Failed to list " + a.repo() + ": " + found.remoteError());
        Map<String, String> refs = found.refs();
        if (a.version().equals("HEAD")) {
            String head = refs.get("HEAD");
            if (head == null) throw new PlanException("Could not determine remote revision for HEAD");
            return head;
        }
        if (refs.containsKey("refs/heads/" + a.version())) return refs.get("refs/heads/" + a.version());
        String peeled = refs.get("refs/tags/" + a.version() + "^{}");
        if (peeled != null) return peeled;
        if (refs.containsKey("refs/tags/" + a.version())) return refs.get("refs/tags/" + a.version());
        if (a.isSha(a.version())) return a.version();
        throw new PlanException("Failed to checkout " + a.version() + ": no branch, tag or commit of that name in " + a.repo());
    }

    private static boolean isBranch(GitArgs a, GitQuery.Answer found) {
        return found.refs().containsKey("refs/heads/" + a.version());
    }

    private static boolean isTag(GitArgs a, GitQuery.Answer found) {
        return found.refs().containsKey("refs/tags/" + a.version());
    }

    /** git.py's clone: the parent directory made, then {@code git clone --origin REMOTE [--depth N --branch V] REPO DEST}. */
    private static String clone(GitArgs a, GitQuery.Answer found) {
        String parent = FileWrite.parent(a.dest());
        List<String> words = new ArrayList<>(List.of("clone", "--origin", a.remote()));
        boolean branchOrTag = isBranch(a, found) || isTag(a, found);
        if (a.depth() != null && (a.version().equals("HEAD") || branchOrTag)) {
            words.addAll(List.of("--depth", String.valueOf(a.depth())));
            if (branchOrTag) words.addAll(List.of("--branch", a.version()));
        }
        if (a.singleBranch()) {
            words.add("--single-branch");
            if (branchOrTag && !words.contains("--branch")) words.addAll(List.of("--branch", a.version()));
        }
        words.addAll(List.of(a.repo(), a.dest()));
        return "mkdir -p " + Shell.quote(parent) + " && " + a.gitCommand() + " " + Shell.command(words);
    }

    /** git.py's switch_version, run in dest: the branch checked out and reset to the remote's, or the tag or commit. */
    private static String switchVersion(GitArgs a, GitQuery.Answer found) {
        String git = a.gitCommand();
        String cd = Shell.command("cd", a.dest()) + " && ";
        if (a.version().equals("HEAD")) {
            // The remote's default branch, as git.py's get_head_branch reads it from refs/remotes/REMOTE/HEAD.
            String remoteHead = Shell.quote("refs/remotes/" + a.remote() + "/HEAD");
            return cd + "b=$(" + git + " symbolic-ref --short " + remoteHead + ") && " + git + " checkout --force \"${b#*/}\" >/dev/null 2>&1 && "
                    + git + " reset --hard \"$b\" -- >/dev/null";
        }
        if (isBranch(a, found)) {
            String v = a.version();
            String tracking = a.remote() + "/" + v;
            return cd + "if " + git + " show-ref --verify --quiet " + Shell.quote("refs/heads/" + v) + "; then "
                    + git + " checkout --force " + Shell.quote(v) + " >/dev/null 2>&1 && " + git + " reset --hard "
                    + Shell.quote(tracking) + " >/dev/null; else " + git + " checkout --track -b " + Shell.command(v, tracking)
                    + " >/dev/null 2>&1; fi";
        }
        return cd + git + " checkout --force " + Shell.quote(a.version()) + " >/dev/null 2>&1";
    }

    private static String after(GitArgs a) {
        return "printf '" + AFTER_MARKER + "%s\\n' \"$(" + a.gitCommand() + " rev-parse HEAD)\"";
    }

    private static GitQuery.Answer checkout(GitArgs a, GitQuery.Answer found, String target, boolean urlChanged) {
        return new GitQuery.Answer(target, a.repo(), 0, found.refs(), null, found.head(), urlChanged);
    }

    /** A commit given as a prefix (a short sha as version) is the commit it starts. */
    private static boolean sameCommit(String head, String target) {
        return head != null && !head.isEmpty() && head.toLowerCase().startsWith(target.toLowerCase());
    }

    /** git.py's unfrackgitpath: URLs compare without a trailing slash or {@code .git}. */
    static boolean sameUrl(String a, String b) {
        return unfrack(a).equals(unfrack(b));
    }

    private static String unfrack(String url) {
        String u = url.replaceAll("/+$", "");
        return u.endsWith(".git") ? u.substring(0, u.length() - 4) : u;
    }

    @Override
    public Map<String, Object> registered(GitArgs a, Planned planned, ExecResult last) {
        GitQuery.Answer predicted = (GitQuery.Answer) planned.predicted().get(0).value();
        String after = predicted.head();
        if (last != null) {
            for (String line : last.out().split("\n")) if (line.startsWith(AFTER_MARKER)) after = line.substring(AFTER_MARKER.length()).strip();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("before", predicted.before());
        out.put("after", after);
        if (predicted.before() != null) out.put("remote_url_changed", predicted.urlChanged());
        return out;
    }
}
