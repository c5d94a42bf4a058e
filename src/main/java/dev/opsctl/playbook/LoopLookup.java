package dev.opsctl.playbook;

/**
 * A {@code with_X:} loop: its items are what lookup X returns for {@code terms} ({@code with_dict: "{{ users }}"}
 * loops over {@code lookup('dict', users)}), decided when the task runs.
 */
public record LoopLookup(String lookup, Object terms) {}
