package dev.opsctl.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects problems instead of throwing at the first, so a user sees every error of a file in one run. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();

    public void error(Source at, String message) {
        items.add(new Diagnostic(at, message));
    }

    public void addAll(InputException e) {
        items.addAll(e.diagnostics());
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public List<Diagnostic> items() {
        return List.copyOf(items);
    }

    /** Throws an {@link InputException} holding everything collected, if anything was. */
    public void throwIfAny() {
        if (!items.isEmpty()) throw new InputException(items);
    }
}
