package dev.opsctl.module.ping;

import dev.opsctl.facts.FactQuery;

/** Whether the host's shell runs a command: what Ansible's ping proves with Python, proven with {@code sh}. */
public record ShellAnswers() implements FactQuery<Boolean> {
    @Override
    public String key() {
        return "shell-answers";
    }

    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        return "echo pong";
    }

    @Override
    public Boolean parse(String output) {
        return output.strip().equals("pong");
    }
}
