package dev.opsctl.module.dpkgselections;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/** A package's dpkg selection ({@code install}, {@code hold}, ...) as {@code dpkg --get-selections} prints it; "not present" when none. */
public record SelectionQuery(String name) implements FactQuery<String> {
    @Override
    public String key() {
        return "dpkg-selection:" + name;
    }

    @Override
    public String script() {
        // dpkg takes the name as a pattern and has no "--" before it: a name starting with '-' is not asked.
        if (name.startsWith("-")) return "echo";
        return Shell.command("dpkg", "--get-selections", name) + " 2>/dev/null";
    }

    @Override
    public String parse(String output) {
        String[] words = output.strip().split("\\s+");
        return words.length < 2 ? "not present" : words[1];
    }
}
