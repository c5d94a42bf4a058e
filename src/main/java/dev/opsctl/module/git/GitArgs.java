package dev.opsctl.module.git;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The git module's typed arguments. A local path as {@code repo} becomes a {@code file://} URL, as Ansible makes it;
 * {@code sshCommand} is the {@code GIT_SSH_COMMAND} built from key_file, ssh_opts and accept_hostkey, or null.
 */
public record GitArgs(String repo, String dest, String version, String remote, boolean force, Integer depth,
                      boolean allowClone, boolean update, boolean singleBranch, String executable, String sshCommand,
                      String umask) {
    static GitArgs parse(Args args) {
        String repo = args.requiredString("repo", "name");
        if (repo.startsWith("/")) repo = "file://" + repo;
        boolean allowClone = args.bool("clone", true);
        String dest = args.string("dest");
        if (dest == null || dest.isEmpty()) {
            if (allowClone) throw new ArgException("the destination directory must be specified unless clone=no");
            throw new ArgException("argument 'dest': opsctl's git needs a dest (clone=no without one only queries the remote)");
        }
        dest = dest.length() > 1 ? dest.replaceAll("/+$", "") : dest;
        if (!dest.startsWith("/")) throw new ArgException("argument 'dest' must be an absolute path, not '" + dest + "'");
        for (String unsupported : List.of("bare", "verify_commit", "archive", "separate_git_dir", "track_submodules")) {
            if (args.bool(unsupported, false)) throw new ArgException("argument '" + unsupported + "' is not supported by opsctl's git");
        }
        if (args.has("refspec") || args.has("reference") || args.has("archive_prefix") || args.has("gpg_whitelist")) {
            throw new ArgException("arguments refspec, reference, archive_prefix and gpg_whitelist are not supported by opsctl's git");
        }
        if (args.bool("accept_hostkey", false) && args.bool("accept_newhostkey", false)) {
            throw new ArgException("parameters are mutually exclusive: accept_hostkey|accept_newhostkey");
        }
        Integer depth = null;
        if (args.has("depth")) {
            try {
                depth = Integer.parseInt(args.string("depth"));
            } catch (NumberFormatException e) {
                throw new ArgException("argument 'depth' must be an integer, not '" + args.string("depth") + "'");
            }
        }
        String umask = args.string("umask");
        if (umask != null && !umask.matches("[0-7]{1,4}")) throw new ArgException("umask must be an octal integer");
        String version = args.string("version");
        return new GitArgs(repo, dest, version == null || version.isEmpty() ? "HEAD" : version,
                args.string("remote") == null ? "origin" : args.string("remote"), args.bool("force", false), depth, allowClone,
                args.bool("update", true), args.bool("single_branch", false), args.string("executable"), sshCommand(args), umask);
    }

    /** {@code ssh} with the asked key and options, as Ansible's GIT_SSH wrapper runs it; null when nothing is asked. */
    private static String sshCommand(Args args) {
        String opts = args.string("ssh_opts");
        if (args.bool("accept_hostkey", false) && (opts == null || !opts.contains("StrictHostKeyChecking"))) {
            opts = (opts == null ? "" : opts + " ") + "-o StrictHostKeyChecking=no";
        }
        if (args.bool("accept_newhostkey", false) && (opts == null || !opts.contains("StrictHostKeyChecking"))) {
            opts = (opts == null ? "" : opts + " ") + "-o StrictHostKeyChecking=accept-new";
        }
        String key = args.string("key_file");
        if (opts == null && key == null) return null;
        List<String> words = new ArrayList<>(List.of("ssh"));
        if (key != null) words.addAll(List.of("-i", key, "-o", "IdentitiesOnly=yes"));
        String cmd = Shell.command(words);
        return opts == null ? cmd : cmd + " " + opts;
    }

    /** The git program, quoted. */
    String gitCommand() {
        return Shell.quote(executable == null ? "git" : executable);
    }

    /** Shell assignments every git command of the task runs under (C locale for parsable output, the ssh command). */
    String environment() {
        // No prompt for credentials: in a fact exec or a step nobody could answer it, and git would wait forever.
        String env = "LC_ALL=C GIT_TERMINAL_PROMPT=0; export LC_ALL GIT_TERMINAL_PROMPT; ";
        if (sshCommand != null) env += "GIT_SSH_COMMAND=" + Shell.quote(sshCommand) + "; export GIT_SSH_COMMAND; ";
        if (umask != null) env += "umask " + umask + "; ";
        return env;
    }

    /** Whether {@code version} names a commit rather than a ref: what Ansible assumes of anything ls-remote does not list. */
    boolean isSha(String v) {
        return v.matches("[0-9a-fA-F]{4,40}");
    }
}
