package dev.opsctl.module.stat;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.transport.Shell;

/**
 * What {@code stat} reports on: the canonical path ({@code realpath}, Ansible's {@code lnk_source}) and the
 * {@link FileQuery} answer for the path itself, or with {@code follow} for where its links lead.
 */
public record StatQuery(String path, boolean follow) implements FactQuery<StatQuery.Answer> {
    public record Answer(String realPath, FileState state) {}

    @Override
    public String key() {
        return "stat:" + follow + ":" + path;
    }

    @Override
    public String script() {
        String q = Shell.quote(path);
        return "r=$(readlink -f -- " + q + " 2>/dev/null) || r=" + q + "; printf '%s\\n' \"$r\"; "
                + FileQuery.script(follow ? "\"$r\"" : q, true);
    }

    @Override
    public Answer parse(String output) {
        int nl = output.indexOf('\n');
        String real = nl < 0 ? output : output.substring(0, nl);
        String rest = nl < 0 ? "" : output.substring(nl + 1);
        return new Answer(real, new FileQuery(path, true).parse(rest));
    }
}
