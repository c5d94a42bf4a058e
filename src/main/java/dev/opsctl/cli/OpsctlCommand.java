package dev.opsctl.cli;

import dev.opsctl.report.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/** The top-level {@code opsctl} command. */
@Command(name = "opsctl", mixinStandardHelpOptions = true, versionProvider = OpsctlCommand.VersionProvider.class,
        description = "Plan and apply Ansible playbooks: an honest plan first, then only the changes needed.",
        subcommands = {PlanCommand.class, ApplyCommand.class, ShowCommand.class, ValidateCommand.class, InventoryCommand.class, FactsCommand.class,
                RebootCommand.class, VaultCommand.class, ApproveCommand.class,
                HistoryCommand.class, MetricsCommand.class,
                HelpCommand.class, CompletionCommand.class},
        modelTransformer = ExitCode.Listed.class)
final class OpsctlCommand {
    /** {@code opsctl --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"opsctl " + Version.get()};
        }
    }
}
