package dev.opsctl.module;

import dev.opsctl.diag.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The argument names a module accepts (aliases included), which are required, and whether it takes a
 * free-form string ({@code command: ls -l}, {@code shell: ...}) as {@code _raw_params}.
 */
public record ArgSpec(Set<String> names, Set<String> required, boolean freeForm, boolean open) {
    public static final String RAW = "_raw_params";

    public static ArgSpec of(String... names) {
        return new ArgSpec(new LinkedHashSet<>(List.of(names)), Set.of(), false, false);
    }

    /** Any argument name is accepted ({@code set_fact}). */
    public static ArgSpec any() {
        return new ArgSpec(Set.of(), Set.of(), false, true);
    }

    public ArgSpec require(String... names) {
        return new ArgSpec(this.names, new LinkedHashSet<>(List.of(names)), freeForm, open);
    }

    public ArgSpec withFreeForm() {
        Set<String> all = new LinkedHashSet<>(names);
        all.add(RAW);
        return new ArgSpec(all, required, true, open);
    }

    /** Problems with the argument names of one task, each a full sentence; empty when fine. */
    public List<String> check(String module, Map<String, ?> args) {
        List<String> problems = new ArrayList<>();
        for (String k : args.keySet()) {
            if (!open && !names.contains(k)) {
                if (k.equals(RAW)) problems.add("module '" + module + "' takes no free-form arguments; use key: value pairs");
                else problems.add("unsupported argument '" + k + "' for module '" + module + "'" + Suggest.didYouMean(k, names));
            }
        }
        for (String r : required) {
            if (!args.containsKey(r)) problems.add("module '" + module + "' requires argument '" + r + "'");
        }
        return problems;
    }
}
