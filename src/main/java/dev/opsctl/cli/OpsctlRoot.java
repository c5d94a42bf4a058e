package dev.opsctl.cli;

import dev.opsctl.report.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The top-level {@code opsctl} command without its subcommands. {@link OpsctlCommand} adds all of them (help, man
 * pages, completion); {@link Subcommands} adds only the one a command line invokes, since building every
 * subcommand's model by reflection was about a fifth of a cold one-host plan.
 */
@Command(name = "opsctl", mixinStandardHelpOptions = true, versionProvider = OpsctlRoot.VersionProvider.class,
        description = "Plan and apply Ansible playbooks: an honest plan first, then only the changes needed.",
        modelTransformer = ExitCode.Listed.class)
class OpsctlRoot {
    /** {@code opsctl --version}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"opsctl " + Version.get()};
        }
    }
}
