package dev.opsctl.module.hostname;

import dev.opsctl.facts.FactQuery;

/** The host's running (transient) name, as {@code uname -n} prints it. */
public record RunningHostnameQuery() implements FactQuery<String> {
    @Override
    public String key() {
        return "hostname:running";
    }

    @Override
    public String script() {
        return "uname -n";
    }

    @Override
    public String parse(String output) {
        return output.strip();
    }
}
