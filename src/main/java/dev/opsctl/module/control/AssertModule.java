package dev.opsctl.module.control;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.TaskContext;
import java.util.List;
import java.util.Map;

/** Ansible's {@code assert}: every expression in {@code that} must hold, else the host fails. */
public final class AssertModule implements ControllerModule {
    @Override
    public String name() {
        return "assert";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("that", "fail_msg", "msg", "success_msg", "quiet").require("that");
    }

    @Override
    public ControllerResult run(Args args, TaskContext ctx) {
        Object that = args.raw("that");
        List<?> conditions = that instanceof List<?> l ? l : List.of(that);
        for (Object c : conditions) {
            Object value = c instanceof String s ? ctx.evaluate(s) : c;
            Boolean ok = value == null ? Boolean.FALSE : Args.toBool(value);
            if (ok == null) throw new ArgException("assertion '" + c + "' did not evaluate to a boolean: " + value);
            if (!ok) {
                String msg = args.string("fail_msg", "msg");
                return ControllerResult.failed(msg != null ? msg : "Assertion failed: " + c);
            }
        }
        String success = args.string("success_msg");
        boolean quiet = args.bool("quiet", false);
        String text = success != null ? success : "All assertions passed";
        return new ControllerResult(Map.of(), quiet ? null : text, null, Map.of("msg", text));
    }
}
