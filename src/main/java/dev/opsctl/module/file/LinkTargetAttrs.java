package dev.opsctl.module.file;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * mode/owner/group on a {@code state: link} task with {@code follow: yes} (Ansible's default): Ansible applies them to
 * the path the link resolves to, so they land on the link's target; a target that does not exist gets none (Ansible
 * warns and skips them).
 */
final class LinkTargetAttrs {
    private LinkTargetAttrs() {}

    /** {@code link}'s plan with the target's attribute fixes added (an update where the link itself needed nothing). */
    static Planned addTo(Planned link, FileAttrs attrs, String target, FileState source) {
        Change c = link.change();
        if (!(source instanceof FileState.Present s)) {
            List<String> details = new ArrayList<>(c.details());
            details.add("mode/owner/group not set: the target " + target + " does not exist (as Ansible skips them)");
            return new Planned(new Change(c.action(), c.summary(), details, c.diff(), c.steps()), link.predicted());
        }
        if (s.kind() == FileState.Kind.LINK) {
            throw new PlanException("the link's target " + target + " is itself a link; set mode/owner/group on the file it ends at");
        }
        List<String> fixes = attrs.fixes(Shell.quote(target), s);
        if (fixes.isEmpty()) return link;
        List<String> details = new ArrayList<>(c.action().isChange() ? c.details() : List.of());
        for (String d : attrs.differences(s)) details.add("target " + target + ": " + d);
        List<Step> steps = new ArrayList<>(c.steps());
        steps.add(new Step(Shell.and(fixes)));
        List<FactUpdate<?>> predicted = new ArrayList<>(link.predicted());
        predicted.add(new FactUpdate<>(new FileQuery(target, false), attrs.applyTo(s)));
        Action action = c.action().isChange() ? c.action() : Action.UPDATE;
        return new Planned(new Change(action, c.summary(), details, c.diff(), steps), predicted);
    }
}
