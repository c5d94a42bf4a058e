package dev.opsctl.cli;

import dev.opsctl.inventory.Inventory;
import dev.opsctl.journal.GitInfo;
import dev.opsctl.journal.HostRecord;
import dev.opsctl.journal.KeyFingerprints;
import dev.opsctl.journal.MaskedCommandLine;
import dev.opsctl.journal.RequiredReason;
import dev.opsctl.journal.RunJournal;
import dev.opsctl.journal.RunRecord;
import dev.opsctl.lock.LockingConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --reason} and {@code --ticket}, and the run journal entry (docs/journal.md) of a command that changes hosts. */
public final class JournalOptions {
    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why this run: kept in the run journal ('opsctl history'). Required, with --ticket, on hosts with opsctl_require_reason.")
    String reason;

    @Option(names = "--ticket", paramLabel = "ID", description = "The change ticket this run carries out, kept in the run journal.")
    String ticket;

    /** The command's journal entry; writes nothing until {@link #start}. */
    RunJournal journal = RunJournal.off();

    /** What the journal's first row says about a run, besides the hosts. */
    record What(String kind, Path playbook, List<Path> inventories, String pattern, String limit, Path privateKey) {}

    /**
     * Writes the run's first row and a row per host, then refuses the run (invalid input, nothing changed) when a host
     * requires a reason and none was given: the refusal is journalled too.
     */
    void start(What what, CommandSpec spec, Inventory inv, Collection<String> hosts, PrintWriter err) {
        journal = RunJournal.open(err);
        Instant now = Instant.now();
        List<HostRecord> rows = hosts.stream().sorted().map(h -> HostRecord.notStarted(h, inv.groupNames(h))).toList();
        Set<Path> keys = new LinkedHashSet<>();
        if (what.privateKey() != null) keys.add(what.privateKey());
        for (String h : hosts) {
            for (String var : List.of("ansible_ssh_private_key_file", "ansible_private_key_file")) {
                if (inv.hostVars(h).get(var) instanceof String k && !k.contains("{{")) keys.add(Path.of(k.startsWith("~/") ? System.getProperty("user.home") + k.substring(1) : k));
            }
        }
        CommandSpec root = spec;
        while (root.parent() != null) root = root.parent();
        List<String> args = new ArrayList<>(root.commandLine().getParseResult().originalArgs());
        journal.start(new RunRecord(RunJournal.newRunId(now), what.kind(), RunRecord.Result.UNFINISHED, null, now, null,
                System.getProperty("user.name"), LockingConnector.controllerName(), KeyFingerprints.of(keys), MaskedCommandLine.of(args),
                what.playbook() == null ? null : what.playbook().toAbsolutePath().normalize().toString(), GitInfo.of(what.playbook()),
                what.inventories().stream().map(p -> p.toAbsolutePath().normalize().toString()).collect(Collectors.joining(",")),
                what.pattern(), what.limit(), reason, ticket, null, rows));
        String refusal = RequiredReason.refusal(inv, hosts, reason, ticket);
        if (refusal != null) throw new CliException(ExitCode.INVALID_INPUT, refusal);
    }

    /** A command's work, which returns its exit code. */
    @FunctionalInterface
    interface Work {
        int run() throws java.io.IOException;
    }

    /** Runs {@code work}, telling the journal entry and the notifications how it ended, however it ended. */
    int recording(RunNotices notices, PrintWriter err, Work work) throws java.io.IOException {
        try {
            int code = work.run();
            end(code, null);
            notices.finished(code, null);
            return code;
        } catch (CliException e) {
            end(e.exitCode, e.getMessage());
            notices.finished(e.exitCode, e.getMessage());
            throw e;
        } catch (java.io.IOException | RuntimeException | Error e) {
            end(ExitCode.INTERNAL, String.valueOf(e.getMessage()));
            notices.finished(ExitCode.INTERNAL, e.getMessage());
            throw e;
        } finally {
            notices.close(err);
        }
    }

    /** Ends the entry with the command's exit code; a refusal's message is kept with it. */
    void end(int exitCode, String message) {
        journal.end(exitCode, message);
        journal.close();
    }
}
