package dev.opsctl.diag;

import java.util.List;

/** Invalid input (playbook, inventory, vars, arguments): every problem found, reported together; exit code 3. */
public final class InputException extends RuntimeException {
    private final List<Diagnostic> diagnostics;

    public InputException(List<Diagnostic> diagnostics) {
        super(render(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public InputException(Source at, String message) {
        this(List.of(new Diagnostic(at, message)));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String render(List<Diagnostic> ds) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : ds) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(d);
        }
        return sb.toString();
    }
}
