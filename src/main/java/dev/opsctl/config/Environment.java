package dev.opsctl.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * What settings are looked up in besides the command line: environment variables and the places Ansible looks for
 * files. Tests give their own; commands use {@link #current()}.
 */
public record Environment(Map<String, String> variables, Path cwd, Path home, Path etcAnsible) {
    public Environment {
        variables = Map.copyOf(variables);
    }

    /** This process's environment and working directory. */
    public static Environment current() {
        return new Environment(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                Path.of("/etc/ansible"));
    }

    /** An environment variable, or null. */
    public String variable(String name) {
        return variables.get(name);
    }
}
