package dev.opsctl.module.git;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkout at {@code dest} (its HEAD, the remote's URL, whether tracked files are modified) and what the repository
 * offers for {@code version} ({@code git ls-remote}): everything the git module decides on, read without changing
 * anything, as Ansible's check mode reads it.
 */
public record GitQuery(GitArgs args) implements FactQuery<GitQuery.Answer> {
    /**
     * What was found. {@code head} is null when there is no checkout at dest; {@code refs} maps each ref ls-remote
     * listed ({@code HEAD}, {@code refs/heads/x}, {@code refs/tags/v1^{}}) to its commit; {@code remoteError} is
     * ls-remote's message when it failed. In a planned (predicted) answer, {@code before} is the HEAD the change
     * started from and {@code urlChanged} whether it set the remote's URL, for {@code register:}; a gathered
     * answer has its own HEAD as {@code before}.
     */
    public record Answer(String head, String url, int modified, Map<String, String> refs, String remoteError,
                         String before, boolean urlChanged) {
        public Answer {
            refs = Map.copyOf(refs);
        }

        public boolean checkedOut() {
            return head != null;
        }
    }

    @Override
    public String key() {
        return "git:" + args.dest() + "\n" + args.repo() + "\n" + args.version() + "\n" + args.remote();
    }

    @Override
    public String script() {
        String dest = args.dest();
        String git = args.gitCommand();
        StringBuilder s = new StringBuilder(args.environment());
        s.append("if [ -f ").append(Shell.quote(dest + "/.git/config")).append(" ]; then cd ").append(Shell.quote(dest))
         .append(" && printf 'head %s\\n' \"$(").append(git).append(" rev-parse HEAD 2>/dev/null)\" && printf 'url %s\\n' \"$(")
         .append(git).append(" config --get ").append(Shell.quote("remote." + args.remote() + ".url"))
         .append(")\" && printf 'modified %s\\n' \"$(").append(git).append(" status --porcelain | grep -vc '^??')\"; cd /; fi; ");
        String refs = args.version().equals("HEAD") ? "HEAD"
                : Shell.command("refs/heads/" + args.version(), "refs/tags/" + args.version(), "refs/tags/" + args.version() + "^{}");
        s.append("if r=$(").append(git).append(" ls-remote ").append(Shell.quote(args.repo())).append(' ').append(refs)
         .append(" 2>&1); then printf '%s\\n' \"$r\" | sed 's/^/ref /'; else printf '%s\\n' \"$r\" | sed 's/^/error /'; fi");
        return s.toString();
    }

    @Override
    public Answer parse(String output) {
        String head = null;
        String url = null;
        int modified = 0;
        Map<String, String> refs = new LinkedHashMap<>();
        StringBuilder error = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.startsWith("head ")) head = line.substring(5).strip();
            else if (line.startsWith("url ")) url = line.substring(4).strip();
            else if (line.startsWith("modified ")) modified = Integer.parseInt(line.substring(9).strip());
            else if (line.startsWith("ref ")) {
                String[] f = line.substring(4).split("\\s+", 2);
                if (f.length == 2) refs.put(f[1].strip(), f[0]);
            } else if (line.startsWith("error ")) error.append(error.isEmpty() ? "" : "\n").append(line.substring(6));
        }
        return new Answer(head, url, modified, refs, error.isEmpty() ? null : error.toString().strip(), head, false);
    }
}
