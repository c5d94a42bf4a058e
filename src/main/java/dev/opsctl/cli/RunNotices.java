package dev.opsctl.cli;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.notify.GitHead;
import dev.opsctl.notify.Notifier;
import dev.opsctl.notify.NotifySettings;
import dev.opsctl.notify.RunEvent;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The notifications of one apply or reboot (docs/notifications.md): started when it goes to its hosts; succeeded or
 * failed by its exit code; refused when a lock, a stale saved plan or a safety rule stopped it after hosts were selected.
 * A run that never got that far (a typo in the playbook, a question answered no) sends nothing.
 */
final class RunNotices {
    private final Notifier notifier;
    private RunEvent.RunFacts facts;
    private boolean selected;
    private boolean started;

    private RunNotices(Notifier notifier, RunEvent.RunFacts facts) {
        this.notifier = notifier;
        this.facts = facts;
    }

    /** Notices for {@code command subject}, sent to the webhooks of ansible.cfg and {@code given}; {@code gitDir} holds the playbook. */
    static RunNotices open(String command, String subject, Path gitDir, List<String> given) {
        NotifySettings settings = NotifySettings.of(AnsibleConfig.get(), given);
        List<java.net.URI> targets;
        try {
            targets = Notifier.targets(settings.urls());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
        Notifier notifier = new Notifier(targets);
        // Git and the host name are looked up only when someone is told about the run.
        GitHead git = notifier.any() && gitDir != null ? GitHead.of(gitDir) : null;
        return new RunNotices(notifier, new RunEvent.RunFacts(UUID.randomUUID().toString(), command, subject, List.of(),
                Instant.now(), git, settings.environment(), System.getProperty("user.name"), notifier.any() ? hostName() : ""));
    }

    /** The run chose its hosts: a refusal from here on is worth telling. */
    void selected() {
        selected = true;
    }

    /** The run goes to {@code hosts} now. */
    void started(Collection<String> hosts) {
        if (started) return;
        started = true;
        facts = facts.withHosts(hosts.stream().sorted().toList(), Instant.now());
        notifier.send(new RunEvent(RunEvent.Kind.STARTED, facts, facts.start(), null, null));
    }

    /** The run ended with {@code exitCode}; {@code message} is its error, if it ended with one. */
    void finished(int exitCode, String message) {
        RunEvent.Kind kind = kind(exitCode);
        if (kind == null) return;
        String detail = message != null ? message : exitCode == ExitCode.OK ? null : why(exitCode);
        notifier.send(new RunEvent(kind, facts, Instant.now(), exitCode, detail));
    }

    /** Waits at most {@link Notifier#TIMEOUT} for what is still being sent; warns of what was not delivered. */
    void close(PrintWriter err) {
        notifier.close(err);
    }

    private RunEvent.Kind kind(int code) {
        if (code == ExitCode.LOCKED || code == ExitCode.STALE_PLAN) return RunEvent.Kind.REFUSED;
        if (started) return code == ExitCode.OK ? RunEvent.Kind.SUCCEEDED : RunEvent.Kind.FAILED;
        if (selected && code == ExitCode.INVALID_INPUT) return RunEvent.Kind.REFUSED;
        return null;
    }

    private static String why(int code) {
        return switch (code) {
            case ExitCode.CHANGES_OR_FAILED -> "one or more hosts failed";
            case ExitCode.UNREACHABLE -> "one or more hosts unreachable";
            case ExitCode.STALE_PLAN -> "the saved plan is stale; nothing was changed";
            case ExitCode.WINDOW_CLOSED -> "the maintenance window closed before every batch ran";
            case ExitCode.LOCKED -> "another run holds the lock";
            case 130, 143 -> "interrupted";
            default -> "exit code " + code;
        };
    }

    /** This machine's name, from the kernel first: a name lookup could wait on a slow resolver. */
    private static String hostName() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException unknown) {
                return "localhost";
            }
        }
    }
}
