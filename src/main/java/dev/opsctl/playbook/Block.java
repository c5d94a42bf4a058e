package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;

/**
 * {@code block}/{@code rescue}/{@code always}. The block's keywords (when, tags, vars, become...) are already
 * inherited by its tasks at load time; what is left for run time is which section runs.
 */
public record Block(String name, Source at, List<TaskNode> block, List<TaskNode> rescue, List<TaskNode> always) implements TaskNode {
    public Block {
        block = List.copyOf(block);
        rescue = List.copyOf(rescue);
        always = List.copyOf(always);
    }
}
