package dev.opsctl.plan;

import java.util.List;

/**
 * One task (one loop item) of a host's plan, or of an apply's result: what people see (summary, details, diff,
 * message; the reason is for display only) and what apply carries out (the steps).
 *
 * @param status             the task's state as the recap counts it ({@code ok}, {@code changed}, {@code skipped}, ...)
 * @param action             what it counts as in a summary: NO_OP when nothing changes (or it failed, was skipped, or
 *                           runs with {@code changed_when: false})
 * @param stepsAction        the action of the steps themselves (RUN for a quiet command); NO_OP when there are none
 * @param summary            what it is about, or null for a task without a change (a controller module, a skip)
 * @param sensitive          {@code no_log}, or its steps hold a secret: the plan keeps only their digests
 * @param knownAfterApply    what it will do depends on a task before it that has not run yet: no steps are known
 * @param afterUnpredictable an earlier task on this host changes it in ways a plan cannot foresee (a command, a
 *                           package): what this task finds at apply may differ from what it was planned against
 */
public record PlannedTask(TaskAddress address, String module, String status, Action action, Action stepsAction, String summary,
                          List<String> details, String diff, String message, boolean noLog, boolean quietRun,
                          boolean sensitive, boolean knownAfterApply, boolean afterUnpredictable, List<PlannedStep> steps) {
    public PlannedTask {
        details = List.copyOf(details);
        steps = List.copyOf(steps);
    }

    /** Whether the plan holds every step of this task, not only digests. */
    public boolean stepsKnown() {
        return !knownAfterApply && steps.stream().allMatch(PlannedStep::known);
    }
}
