package dev.opsctl.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Builds the picocli command line for one run. When the first argument names a command that works on its own (plan,
 * apply, ...), only that command's model is built: picocli otherwise reflects over every subcommand, its options and
 * mixins at every start. Anything else (no arguments, a top-level option such as {@code --help}, {@code help},
 * {@code completion}, an unknown or misspelt command) gets the whole tree, so help, completion and picocli's
 * suggestions see every command.
 */
final class Subcommands {
    /** The commands that need no sibling, by name, in {@link OpsctlCommand}'s order (a test checks both agree). */
    static final Map<String, Supplier<Object>> ALONE = alone();

    private Subcommands() {}

    private static Map<String, Supplier<Object>> alone() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("plan", PlanCommand::new);
        m.put("apply", ApplyCommand::new);
        m.put("show", ShowCommand::new);
        m.put("validate", ValidateCommand::new);
        m.put("inventory", InventoryCommand::new);
        m.put("facts", FactsCommand::new);
        m.put("reboot", RebootCommand::new);
        m.put("vault", VaultCommand::new);
        m.put("approve", ApproveCommand::new);
        m.put("history", HistoryCommand::new);
        m.put("metrics", MetricsCommand::new);
        return m;
    }

    /** The command line for {@code args}; the caller sets streams and handlers afterwards (they reach subcommands). */
    static CommandLine forArgs(String[] args) {
        Supplier<Object> only = args.length == 0 ? null : ALONE.get(args[0]);
        if (only == null) return new CommandLine(new OpsctlCommand());
        CommandLine cli = new CommandLine(new OpsctlRoot());
        cli.addSubcommand(new CommandLine(only.get()));
        return cli;
    }
}
