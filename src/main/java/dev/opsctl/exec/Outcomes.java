package dev.opsctl.exec;

import dev.opsctl.plan.RunPlan;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.diag.Source;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one host's tasks did in one play, in order, and what later tasks need to know of it: the last failure (a
 * rescue's {@code ansible_failed_task}) and, in a plan, the last task whose effects are not all predicted.
 */
final class Outcomes {
    /** Modules whose planned change predicts the package database, not the files and directories the packages bring. */
    static final Set<String> PREDICTS_NO_FILES = RunPlan.PREDICTS_NO_FILES;

    private record Failure(Task task, String message) {}

    private final List<TaskOutcome> list = new ArrayList<>();
    private final RunMode mode;
    private Failure lastFailed;
    /** In a plan, the last task so far whose effects on the host are not all predicted (a package, a command), or null. */
    private String unpredictedBy;

    Outcomes(RunMode mode) {
        this.mode = mode;
    }

    /** The outcomes so far; the list itself, as the host's result holds it. */
    List<TaskOutcome> list() {
        return list;
    }

    int size() {
        return list.size();
    }

    String unpredictedBy() {
        return unpredictedBy;
    }

    void record(Task task, String label, Change change, Change unknown, TaskOutcome.Status status, String message,
                boolean quiet, boolean handler) {
        Change c = change != null ? change : unknown;
        if (status == TaskOutcome.Status.FAILED) lastFailed = new Failure(task, message);
        if (status == TaskOutcome.Status.CHANGED && !mode.carriesOut() && c != null
                && (c.action() == Action.RUN || PREDICTS_NO_FILES.contains(BuiltinName.of(task)))) {
            unpredictedBy = task.displayName();
        }
        list.add(new TaskOutcome(task.displayName(), task.at(), task.module(), c, status, message, label,
                task.noLog(), quiet, handler));
    }

    void failed(Task task, String message, boolean handler) {
        record(task, null, null, null, TaskOutcome.Status.FAILED, message, false, handler);
    }

    /** A task whose result a plan cannot know yet: counted as a change, shown with why. */
    void knownAfterApply(Task task, String label, KnownAfterApply why, boolean handler) {
        record(task, label, null, new Change(Action.RUN, task.module() + " (" + why.getMessage() + ")", List.of(), null, List.of()),
                TaskOutcome.Status.CHANGED, null, false, handler);
    }

    /** A batched step failed: its task's outcome says why, and what was recorded after it never happened. */
    void stepFailed(int at, Task task, String why) {
        list.set(at, list.get(at).failedWith(why));
        lastFailed = new Failure(task, why);
        list.subList(at + 1, list.size()).clear();
    }

    /** As Ansible counts them: a failure that {@code ignore_errors} lets pass is ignored, not failed. */
    void markIgnored(int from) {
        for (int i = from; i < list.size(); i++) {
            if (list.get(i).status() == TaskOutcome.Status.FAILED) list.set(i, list.get(i).ignored());
        }
    }

    /** As Ansible counts them: a failure its rescue recovered is rescued, not failed. */
    void markRescued(int from, int to) {
        for (int i = from; i < to && i < list.size(); i++) {
            if (list.get(i).status() == TaskOutcome.Status.FAILED) list.set(i, list.get(i).rescued());
        }
    }

    /** A block starts: a failure before it is not the one its rescue sees. */
    void forgetFailure() {
        lastFailed = null;
    }

    /** Ansible's {@code ansible_failed_task} and {@code ansible_failed_result} for a rescue: the block's last failure. */
    Map<String, Object> withFailure(Map<String, Object> scope, int from) {
        Map<String, Object> inner = new LinkedHashMap<>(scope);
        if (lastFailed != null && list.size() > from) {
            Task t = lastFailed.task();
            inner.put("ansible_failed_task", Map.of("name", t.name() == null ? "" : t.name(), "action", t.module()));
            inner.put("ansible_failed_result", Map.of("failed", true, "msg", t.noLog() ? "" : String.valueOf(lastFailed.message())));
        }
        return inner;
    }

    /** A failure's message for the recap: where (the template's line when a template failed) and what. */
    static String failure(Task task, RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Source at = e instanceof TemplateException te && te.at() != null ? te.at() : task.at();
        return at + ": " + msg;
    }
}
