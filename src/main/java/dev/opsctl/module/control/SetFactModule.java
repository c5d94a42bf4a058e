package dev.opsctl.module.control;

import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.TaskContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ansible's {@code set_fact}: sets host variables for the rest of the run. */
public final class SetFactModule implements ControllerModule {
    @Override
    public String name() {
        return "set_fact";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.any();
    }

    @Override
    public ControllerResult run(Args args, TaskContext ctx) {
        Map<String, Object> facts = new LinkedHashMap<>(args.values());
        facts.remove("cacheable");
        return new ControllerResult(facts, null, null, Map.of("ansible_facts", facts));
    }
}
