package dev.opsctl.exec;

import dev.opsctl.plan.Mode;
import dev.opsctl.module.Args;
import dev.opsctl.playbook.Task;

/**
 * Where a plan and an apply differ while a host runs its tasks, decided here once rather than wherever a task
 * runs: {@link Planning} never changes a host and predicts what a change would leave; {@link Applying} carries
 * changes out and reads the host again where it cannot predict.
 */
sealed interface RunMode permits RunMode.Planning, RunMode.Applying {
    static RunMode of(Mode mode) {
        return mode == Mode.PLAN ? new Planning() : new Applying();
    }

    /** What the host's progress line says it is doing. */
    Progress.Phase phase();

    /**
     * Whether this task's change reaches the host: {@code check_mode: true} only plans it, even in apply.
     * {@code check_mode: false} runs a command for real in a plan only when it declares itself read-only
     * ({@code changed_when: false}), the way roles gather information; any other task is planned, so a plan never
     * changes a host.
     */
    boolean carriesOut(Task task);

    /** Whether changes reach the host in this run (procedures run, a lost host leaves a change unconfirmed). */
    boolean carriesOut();

    /**
     * A failure to plan ({@code whyNotNow}) that an earlier task this run could not predict (a package, a command)
     * may explain: in a plan it is known after apply, not a failure; null when it stands as a failure.
     */
    KnownAfterApply explainedBy(String unpredictedBy, String whyNotNow);

    /** A plan: nothing reaches a host; facts hold what the planned changes would leave. */
    record Planning() implements RunMode {
        @Override
        public Progress.Phase phase() {
            return Progress.Phase.PLANNING;
        }

        @Override
        public boolean carriesOut(Task task) {
            return Boolean.FALSE.equals(task.checkMode())
                    && (BuiltinName.of(task).equals("command") || BuiltinName.of(task).equals("shell")) && isLiteralFalse(task.changedWhen());
        }

        @Override
        public boolean carriesOut() {
            return false;
        }

        @Override
        public KnownAfterApply explainedBy(String unpredictedBy, String whyNotNow) {
            return unpredictedBy == null ? null : KnownAfterApply.after(unpredictedBy, whyNotNow);
        }
    }

    /** An apply: changes are carried out; only {@code check_mode: true} tasks are planned. */
    record Applying() implements RunMode {
        @Override
        public Progress.Phase phase() {
            return Progress.Phase.APPLYING;
        }

        @Override
        public boolean carriesOut(Task task) {
            return !Boolean.TRUE.equals(task.checkMode());
        }

        @Override
        public boolean carriesOut() {
            return true;
        }

        @Override
        public KnownAfterApply explainedBy(String unpredictedBy, String whyNotNow) {
            return null;
        }
    }

    /** {@code changed_when: true} written as a literal (a boolean or the word), not a template. */
    static boolean isLiteralTrue(Object v) {
        if (v == null) return false;
        Boolean b = v instanceof String s ? (s.strip().equalsIgnoreCase("true") ? Boolean.TRUE : null) : Args.toBool(v);
        return Boolean.TRUE.equals(b);
    }

    /** {@code changed_when: false} written as a literal (a boolean or the word), not a template. */
    static boolean isLiteralFalse(Object v) {
        if (v == null) return false;
        Boolean b = v instanceof String s ? (s.strip().equalsIgnoreCase("false") ? Boolean.FALSE : null) : Args.toBool(v);
        return Boolean.FALSE.equals(b);
    }
}
