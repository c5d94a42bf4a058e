package dev.opsctl.module.sysctl;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/** A kernel parameter's running value as {@code sysctl -e -n NAME} prints it; null when sysctl fails. */
public record SysctlValueQuery(String name) implements FactQuery<String> {
    /** sysctl lives in /sbin on older systems, outside a plain user's PATH. */
    static final String PATH = "PATH=$PATH:/sbin:/usr/sbin";

    @Override
    public String key() {
        return "sysctl:" + name;
    }

    @Override
    public String script() {
        return PATH + "; if v=$(" + Shell.command("sysctl", "-e", "-n", "--", name) + "); then printf 'value\\n%s\\n' \"$v\"; else echo failed; fi";
    }

    @Override
    public String parse(String output) {
        if (!output.startsWith("value\n") && !output.equals("value")) return null;
        return output.length() > 6 ? output.substring(6).strip() : "";
    }
}
