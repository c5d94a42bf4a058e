package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import dev.opsctl.rolling.Rollout;
import java.util.List;
import java.util.Map;

/**
 * One play: which hosts (and in which batches: {@link Rollout}), its variables, and its task sections. Handlers run
 * at the end of each section when notified.
 */
public record Play(
        String name,
        String hosts,
        Source at,
        Map<String, Object> vars,
        boolean gatherFacts,
        List<String> gatherSubset,
        List<Task> preTasks,
        List<Task> tasks,
        List<Task> postTasks,
        List<Task> handlers,
        Boolean become,
        String becomeUser,
        Rollout rollout) {

    public String displayName() {
        return name == null || name.isBlank() ? hosts : name;
    }

    /** The task sections in the order they run. */
    public List<List<Task>> sections() {
        return List.of(preTasks, tasks, postTasks);
    }
}
