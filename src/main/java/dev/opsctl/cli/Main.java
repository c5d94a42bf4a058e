package dev.opsctl.cli;

import dev.opsctl.diag.InputException;
import dev.opsctl.template.TemplateException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: runs a command line and maps every failure to its exit code in one place. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code args} with the given streams; returns the exit code. Tests call this in-process. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new OpsctlCommand());
        cli.setHelpFactory(WordWrappingHelp::new);
        cli.setOut(out);
        cli.setErr(err);
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
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCodeOf(Throwable ex) {
        if (ex instanceof InputException || ex instanceof TemplateException) return ExitCode.INVALID_INPUT;
        if (ex instanceof CliException ce) return ce.exitCode;
        return ExitCode.INTERNAL;
    }
}
