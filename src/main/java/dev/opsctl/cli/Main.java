package dev.opsctl.cli;

import dev.opsctl.diag.Warnings;
import dev.opsctl.diag.InputException;
import dev.opsctl.secret.MaskingWriter;
import dev.opsctl.secret.Secrets;
import dev.opsctl.template.TemplateException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs a command line and maps every failure to its exit code in one place. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Signals.install(System.err);
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code args} with the given streams; returns the exit code. Tests call this in-process. */
    public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
        // Every output of a run passes the secrets filter, the last line of defence (docs/vault.md).
        MaskingWriter maskedOut = new MaskingWriter(rawOut);
        MaskingWriter maskedErr = new MaskingWriter(rawErr);
        PrintWriter out = new PrintWriter(maskedOut, true);
        PrintWriter err = new PrintWriter(maskedErr, true);
        CommandLine cli = Subcommands.forArgs(args);
        cli.setHelpFactory(WordWrappingHelp::new);
        cli.setOut(out);
        cli.setErr(err);
        // An argument starting with @ is a value (-e @vars.yml), never a file of more arguments as picocli would read it.
        cli.setExpandAtFiles(false);
        cli.setExitCodeExceptionMapper(Main::exitCodeOf);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return ExitCode.INVALID_INPUT;
        });
        boolean trace = java.util.Arrays.stream(args).anyMatch(a -> a.matches("-v{3,}"));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof InputException ie) {
                ie.diagnostics().forEach(d -> err.println("error: " + d));
                err.println(ie.diagnostics().size() == 1 ? "1 error; nothing was changed." : ie.diagnostics().size() + " errors; nothing was changed.");
            } else if (ex instanceof CliException ce) {
                err.println("error: " + ce.getMessage());
            } else if (ex instanceof TemplateException te) {
                err.println("error: " + (te.at() == null ? "" : te.at() + ": ") + te.getMessage());
            } else {
                err.println("opsctl: internal error: " + ex);
                if (!trace) err.println("(run with -vvv for the stack trace)");
            }
            if (trace) ex.printStackTrace(err);
            err.flush();
            return exitCodeOf(ex);
        });
        cli.setExecutionStrategy(parsed -> {
            Secrets.reset();
            try {
                VaultPasswords.install(parsed, err);
            } catch (RuntimeException e) {
                throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        Warnings.drain();
        int code = cli.execute(args);
        for (String w : Warnings.drain()) err.println("warning: " + w);
        err.flush();
        try {
            maskedOut.drain();
            maskedErr.drain();
        } catch (java.io.IOException e) {
            rawErr.println("opsctl: cannot write output: " + e.getMessage());
        }
        return code;
    }

    private static int exitCodeOf(Throwable ex) {
        if (ex instanceof InputException || ex instanceof TemplateException) return ExitCode.INVALID_INPUT;
        if (ex instanceof CliException ce) return ce.exitCode;
        return ExitCode.INTERNAL;
    }
}
