package dev.opsctl.facts;

import java.util.List;

/** The locales a host has compiled, as {@code locale -a} lists them (empty when there is no {@code locale}). */
public record LocalesQuery() implements FactQuery<List<String>> {
    @Override
    public String key() {
        return "locale-a";
    }

    /** Asked when its task runs, not up front: an earlier task may install the locales package or build locales. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        return "locale -a 2>/dev/null || :";
    }

    @Override
    public List<String> parse(String output) {
        return output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
