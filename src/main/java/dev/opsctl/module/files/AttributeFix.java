package dev.opsctl.module.files;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.util.List;

/** The plan for a file whose content is already right: fix its mode and ownership, or nothing. */
public final class AttributeFix {
    private AttributeFix() {}

    /** @param contentReason why the content needs nothing ("content already matches"), used for the no-op */
    public static Planned plan(String path, FileState.Present current, FileAttrs attrs, String summary, String contentReason) {
        List<String> details = attrs.differences(current);
        if (details.isEmpty()) return new Planned(Change.none(summary, contentReason + "; attributes match"));
        return new Planned(new Change(Action.UPDATE, summary, details, null,
                List.of(new Step(Shell.and(attrs.fixes(Shell.quote(path), current))))),
                List.of(new FactUpdate<>(new FileQuery(path, true), attrs.applyTo(current))));
    }
}
