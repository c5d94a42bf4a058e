package dev.opsctl.exec;

import dev.opsctl.playbook.Include;
import dev.opsctl.template.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One time an include's tasks run: the scope its file name is rendered in, and the variables its tasks see
 * (the enclosing include variables, the include's vars and its loop variable).
 */
record IncludedItem(TaskScope item, Map<String, Object> includeVars) {
    /** The loop items of an include whose condition holds, decided per item as for a task. */
    static List<IncludedItem> of(Include include, TaskScope scope, Map<String, Object> enclosing) {
        List<IncludedItem> out = new ArrayList<>();
        for (Object item : scope.loopItems()) {
            TaskScope itemScope = scope.withItem(item);
            if (include.when() != null && !itemScope.holds(include.when())) continue;
            Map<String, Object> inner = new LinkedHashMap<>(enclosing);
            inner.putAll(include.vars());
            if (include.loop() != null) {
                inner.put(include.loopVar(), Data.of(item));
                Data.markNames(inner, List.of(include.loopVar()));
            }
            out.add(new IncludedItem(itemScope, inner));
        }
        return out;
    }
}
