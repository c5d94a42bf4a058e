package dev.opsctl.module.control;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.TaskContext;
import dev.opsctl.json.Json;
import java.util.Map;

/** Ansible's {@code debug}: shows {@code msg}, or the value of {@code var}. */
public final class DebugModule implements ControllerModule {
    @Override
    public String name() {
        return "debug";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("msg", "var", "verbosity");
    }

    @Override
    public ControllerResult run(Args args, TaskContext ctx) {
        if (args.has("msg") && args.has("var")) throw new ArgException("'msg' and 'var' are mutually exclusive");
        if (args.has("var")) {
            String var = args.string("var");
            Object value = ctx.evaluate(var);
            return new ControllerResult(Map.of(), var + ": " + Json.write(value), null, Map.of(var, value));
        }
        Object msg = args.has("msg") ? args.raw("msg") : "Hello world!";
        String text = msg instanceof String s ? s : Json.write(msg);
        return new ControllerResult(Map.of(), text, null, Map.of("msg", msg));
    }
}
