package dev.opsctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The top-level {@code opsctl} command with every subcommand: what help, the man pages and completion see. A run of
 * one named command builds only that one ({@link Subcommands}, which must list the same commands in this order).
 */
@Command(subcommands = {PlanCommand.class, ApplyCommand.class, ShowCommand.class, ValidateCommand.class, InventoryCommand.class, FactsCommand.class,
                RebootCommand.class, VaultCommand.class, ApproveCommand.class,
                HistoryCommand.class, MetricsCommand.class,
                HelpCommand.class, CompletionCommand.class})
final class OpsctlCommand extends OpsctlRoot {
}
