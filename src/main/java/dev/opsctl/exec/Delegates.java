package dev.opsctl.exec;

import dev.opsctl.diag.Diagnostic;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.module.ArgException;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Playbook;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.access.HostAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The inventory hosts that tasks {@code delegate_to} in one run, shared by every host's run: one connection per
 * delegate, opened on first use and closed when the run ends, and one lock per delegate (and one for the controller,
 * {@code delegate_to: localhost}) so that two hosts' tasks never
 * read and write the same delegate at once (two hosts adding a line to the same file on it would otherwise each write
 * the file as they read it, and one line would be lost).
 *
 * <p>Only hosts the operator named can be reached: a delegate must be in the inventory and, with {@code --limit}, in
 * the limit. Ansible also delegates to names outside the inventory and outside the limit; opsctl refuses both.
 */
final class Delegates implements AutoCloseable {
    /** A delegate's connection and the lock a task holds while it plans and carries out there. */
    record Delegate(String name, Connection connection, ReentrantLock lock) {}

    private final Inventory inventory;
    private final HostAccess access;
    private final Map<String, Object> extraVars;
    private final Set<String> allowed;
    private final String limit;
    private final Map<String, Delegate> open = new LinkedHashMap<>();
    private final Map<String, ReentrantLock> opening = new LinkedHashMap<>();
    private final ReentrantLock controllerLock = new ReentrantLock();

    /** @param limit {@code --limit}, or null */
    Delegates(Inventory inventory, HostAccess access, Map<String, Object> extraVars, String limit) {
        this.inventory = inventory;
        this.access = access;
        this.extraVars = extraVars;
        this.limit = limit;
        Set<String> names = new LinkedHashSet<>();
        for (Host h : limit == null ? inventory.hosts() : inventory.select(limit)) names.add(h.name());
        this.allowed = names;
    }

    /** Whether {@code name} is the controller, which {@code delegate_to} reaches without a connection. */
    static boolean isController(String name) {
        return Task.CONTROLLER_NAMES.contains(name);
    }

    /** Held by a host's task delegated to the controller while it plans and carries out there. */
    ReentrantLock controllerLock() {
        return controllerLock;
    }

    /** Why {@code name} may not be delegated to, or null when it may. */
    String refusal(String name) {
        if (isController(name) || allowed.contains(name)) return null;
        boolean inInventory = inventory.hosts().stream().anyMatch(h -> h.name().equals(name));
        if (!inInventory) return "delegate_to: '" + name + "' is not a host of the inventory (opsctl reaches only hosts the inventory names)";
        return "delegate_to: '" + name + "' is outside --limit " + limit + " (opsctl reaches only the hosts the limit selects)";
    }

    /**
     * Every {@code delegate_to} written as a plain name that may not be reached, as input errors with the task's
     * file:line, before any host is contacted; a templated one is checked once rendered, when its task runs.
     */
    void checkWritten(Playbook playbook) {
        List<Diagnostic> problems = new ArrayList<>();
        for (Play play : playbook.plays()) {
            List<Task> tasks = new ArrayList<>();
            play.sections().forEach(section -> tasks.addAll(TaskNode.tasksIn(section)));
            tasks.addAll(play.handlers());
            for (Task task : tasks) {
                String to = task.delegateTo();
                if (to == null || to.contains("{{") || to.contains("{%")) continue;
                String refusal = refusal(to.strip());
                if (refusal != null) problems.add(new Diagnostic(task.at(), refusal));
            }
        }
        if (!problems.isEmpty()) throw new InputException(problems);
    }

    /**
     * The delegate {@code name}, connected on first use with its own connection variables ({@code ansible_host},
     * {@code ansible_user}, ...) and the play's {@code connection:} keyword, as Ansible connects to a delegate.
     */
    Delegate open(String name, String connectionKeyword, Source at) throws TransportException {
        String refusal = refusal(name);
        if (refusal != null) throw new ArgException(refusal);
        ReentrantLock once;
        synchronized (this) {
            Delegate d = open.get(name);
            if (d != null) return d;
            once = opening.computeIfAbsent(name, k -> new ReentrantLock());
        }
        // One host connects; the others asking for the same delegate wait for that connection instead of opening more.
        once.lock();
        try {
            synchronized (this) {
                Delegate d = open.get(name);
                if (d != null) return d;
            }
            Map<String, Object> vars = HostAccess.hostVars(inventory, name);
            vars.putAll(extraVars);
            Delegate d = new Delegate(name, access.open(name, vars, connectionKeyword, at), new ReentrantLock());
            synchronized (this) {
                open.put(name, d);
            }
            return d;
        } finally {
            once.unlock();
        }
    }

    @Override
    public synchronized void close() {
        open.values().forEach(d -> d.connection().close());
        open.clear();
    }
}
