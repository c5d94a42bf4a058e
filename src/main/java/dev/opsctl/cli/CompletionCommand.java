package dev.opsctl.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsctl completion bash|zsh}: a completion script for every command and option, made by picocli. */
@Command(mixinStandardHelpOptions = true, name = "completion", description = "Print a shell completion script for bash or zsh.",
        footer = {"", "Load it in the current shell:  source <(opsctl completion bash)",
                "Or keep it: opsctl completion bash > ~/.local/share/bash-completion/completions/opsctl",
                "In zsh the same script works (it loads bashcompinit): add 'source <(opsctl completion zsh)' to ~/.zshrc."})
final class CompletionCommand implements Callable<Integer> {
    /** The shells picocli's script serves. */
    enum Shell { bash, zsh }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // One script serves both: under zsh it turns on bashcompinit itself.
        String script = AutoComplete.bash(spec.root().name(), spec.root().commandLine());
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        out.flush();
        return ExitCode.OK;
    }
}
