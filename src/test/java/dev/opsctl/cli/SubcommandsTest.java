package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run that builds only the invoked command's model must behave as the whole command tree does. */
class SubcommandsTest {
    private record Run(int code, String out, String err) {}

    private static Run main(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** The same command line through the whole tree, as Main built it for every run before. */
    private static Run wholeTree(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new OpsctlCommand());
        cli.setHelpFactory(WordWrappingHelp::new);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExpandAtFiles(false);
        cli.setParameterExceptionHandler((ex, a) -> {
            cli.getErr().println("error: " + ex.getMessage());
            ex.getCommandLine().usage(cli.getErr());
            return ExitCode.INVALID_INPUT;
        });
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCommandsBuiltAloneAreTheTreesOwnInItsOrder() {
        List<String> tree = new ArrayList<>(new CommandLine(new OpsctlCommand()).getSubcommands().keySet());
        assertThat(tree).containsSubsequence(new ArrayList<>(Subcommands.ALONE.keySet()));
        // Only help and completion need their siblings; every other command can be built alone.
        tree.removeAll(Subcommands.ALONE.keySet());
        assertThat(tree).containsExactly("help", "completion");
        for (var e : Subcommands.ALONE.entrySet()) {
            Object alone = e.getValue().get();
            assertThat(new CommandLine(alone).getCommandName()).isEqualTo(e.getKey());
            assertThat(alone.getClass()).isEqualTo(new CommandLine(new OpsctlCommand()).getSubcommands().get(e.getKey())
                    .getCommandSpec().userObject().getClass());
        }
    }

    @Test
    void helpAndArgumentErrorsOfACommandBuiltAloneAreTheWholeTreesOwn() {
        for (String name : Subcommands.ALONE.keySet()) {
            for (String[] args : List.of(new String[] {name, "--help"}, new String[] {name, "--no-such-option"})) {
                Run alone = main(args);
                Run whole = wholeTree(args);
                assertThat(alone).as(String.join(" ", args)).isEqualTo(whole);
            }
        }
        assertThat(main("plan", "--help").out()).contains("Usage: opsctl plan").contains("Exit codes:");
        assertThat(main("plan", "--no-such-option").code()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void topLevelHelpAndAMisspeltCommandStillSeeEveryCommand() {
        Run help = main("--help");
        for (String name : new CommandLine(new OpsctlCommand()).getSubcommands().keySet()) assertThat(help.out()).contains(name);
        Run misspelt = main("plna", "site.yml");
        assertThat(misspelt.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(misspelt.err()).contains("plan");
        assertThat(main("help", "apply").out()).contains("Usage: opsctl apply");
    }
}
