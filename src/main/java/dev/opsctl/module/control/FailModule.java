package dev.opsctl.module.control;

import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.TaskContext;

/** Ansible's {@code fail}: fails the host with a message. */
public final class FailModule implements ControllerModule {
    @Override
    public String name() {
        return "fail";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("msg");
    }

    @Override
    public ControllerResult run(Args args, TaskContext ctx) {
        String msg = args.string("msg");
        return ControllerResult.failed(msg != null ? msg : "Failed as requested from task");
    }
}
