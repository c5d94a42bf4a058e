package dev.opsctl.module.gem;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The installed versions of one gem, as gem.py's get_installed_versions reads them: {@code gem query -n '^NAME$'}
 * (here {@code gem list}, the same listing, as {@code query} is deprecated), with GEM_HOME set to install_dir.
 * Asked when its task runs: an earlier task of the play usually installs Ruby.
 */
record GemQuery(List<String> gem, String installDir, boolean norc, String name) implements FactQuery<GemQuery.Answer> {
    private static final Pattern LINE = Pattern.compile("\\S+\\s+\\((?:default: )?(.+)\\)");

    /** {@code error}: why the gem could not be listed (no gem on the host, gem failing), else null. */
    record Answer(List<String> versions, String error) {
        Answer {
            versions = List.copyOf(versions);
        }
    }

    @Override
    public String key() {
        return "gem:" + String.join(" ", gem) + ":" + installDir + ":" + norc + ":" + name;
    }

    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        List<String> list = new ArrayList<>();
        if (installDir != null) list.add("GEM_HOME=" + Shell.quote(installDir));
        list.add(Shell.command(gem));
        list.add("list");
        // gem.py passes --norc from RubyGems 2.5.2 on, which is every RubyGems a supported system ships.
        if (norc) list.add("--norc");
        list.add(Shell.quote("^" + name + "$"));
        String first = Shell.quote(gem.get(0));
        return "if command -v " + first + " >/dev/null 2>&1; then "
                + "if o=$(" + String.join(" ", list) + " 2>&1); then printf '%s\\n' \"$o\" | sed 's/^/gem /'; "
                + "else printf '%s\\n' \"$o\" | sed 's/^/error /'; fi; "
                + "else printf 'error Failed to find required executable \"%s\" in paths: %s\\n' " + first + " \"$PATH\"; fi";
    }

    @Override
    public Answer parse(String output) {
        List<String> versions = new ArrayList<>();
        StringBuilder error = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.startsWith("gem ")) {
                Matcher m = LINE.matcher(line.substring(4));
                if (!m.lookingAt()) continue;
                for (String v : m.group(1).split(", ")) versions.add(v.split(" ")[0]);
            } else if (line.startsWith("error ")) {
                error.append(error.isEmpty() ? "" : "\n").append(line.substring(6));
            }
        }
        return new Answer(versions, error.isEmpty() ? null : error.toString());
    }
}
