package dev.opsctl.exec;

import dev.opsctl.plan.HostStats;
import dev.opsctl.template.PartlyKnown;
import dev.opsctl.transport.ReopenableConnection;
import dev.opsctl.facts.Facts;
import dev.opsctl.transport.Connection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** What a host carries from task to task and play to play: its connection, facts, set_fact and register values. */
final class HostState {
    final String host;
    final ReopenableConnection connection;
    final Facts facts = new Facts();
    /** The controller, for tasks delegated to localhost, and what those tasks know and predict of it. */
    Connection controller;
    final Facts controllerFacts = new Facts();
    /** The inventory hosts tasks delegate to in this run (shared by all hosts), and what this host's plan predicts of each. */
    Delegates delegates;
    private final Map<String, Facts> delegateFacts = new java.util.HashMap<>();
    /** Gathered facts as variables ({@code ansible_hostname}, {@code ansible_facts}), kept for later plays. */
    final Map<String, Object> factVars = new LinkedHashMap<>();
    /** set_fact and register values, above play and task vars in precedence. */
    final Map<String, Object> runVars = new LinkedHashMap<>();
    /** Names in {@link #runVars} whose values are data (register, set_fact): never rendered as templates. */
    final Set<String> dataVars = new HashSet<>();
    /** Registered names whose value is known only after apply (plan mode). */
    final Set<String> unknown = new HashSet<>();
    /** The answers as first read from the host, before any predicted change was written over them. */
    final dev.opsctl.facts.ObservedFacts observedFacts = new dev.opsctl.facts.ObservedFacts();

    HostStats stats() {
        var c = connection.counter();
        long tasks = TimeUnit.NANOSECONDS.toMillis(tasksNanos - applyNanos);
        return new HostStats(c.execs(), c.bytesSent(), c.bytesReceived(), TimeUnit.NANOSECONDS.toMillis(connectNanos),
                TimeUnit.NANOSECONDS.toMillis(factsNanos), tasks, TimeUnit.NANOSECONDS.toMillis(applyNanos));
    }

    /** Time spent per phase, in nanoseconds, over every play. */
    long connectNanos;
    long factsNanos;
    long tasksNanos;
    long applyNanos;

    /** Where this host's phases are shown. */
    Progress progress = Progress.NONE;
    /** Tasks started in the current play, for "applying 3/12". */
    int tasksStarted;

    /** What other hosts see of this one through {@code hostvars}: facts, set_fact and register values, as last published. */
    private volatile Map<String, Object> published = Map.of();

    Map<String, Object> published() {
        return published;
    }

    /**
     * Publishes this host's facts and set_fact/register values for other hosts' {@code hostvars} (a copy: this host's
     * thread goes on changing its own). A value known only after apply (in a plan) reads as such from the others.
     */
    void publish() {
        Map<String, Object> view = new LinkedHashMap<>(factVars);
        view.putAll(runVars);
        for (String name : unknown) view.put(name, new PartlyKnown("hostvars['" + host + "']." + name, Map.of()));
        published = java.util.Collections.unmodifiableMap(view);
    }

    HostState(String host, ReopenableConnection connection) {
        this.host = host;
        this.connection = connection;
    }

    /** What this host's plan knows and predicts of the delegate {@code name}. */
    Facts delegateFacts(String name) {
        return delegateFacts.computeIfAbsent(name, k -> new Facts());
    }
}
