package dev.opsctl.module;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: plans a module against this machine and runs the planned steps, as the engine will. */
public final class HostRun {
    private final LocalConnection conn = new LocalConnection("localhost");
    private final Path base;
    private ExecResult last;

    public HostRun(Path base) {
        this.base = base;
    }

    /** A context whose files and templates are read from {@code base} (templates are not rendered here: no engine). */
    public ModuleContext context() {
        return new ModuleContext() {
            @Override
            public byte[] readFile(String src) {
                try {
                    return Files.readAllBytes(base.resolve(src));
                } catch (java.io.IOException e) {
                    throw new ArgException("could not find or access '" + src + "'");
                }
            }

            @Override
            public String renderTemplate(String src) {
                return new String(readFile(src), StandardCharsets.UTF_8).replace("{{ name }}", "opsctl");
            }
        };
    }

    public <A> A parse(HostModule<A> module, Map<String, Object> raw) {
        assertThat(module.spec().check(module.name(), raw)).isEmpty();
        return module.parse(new Args(module.name(), raw), context());
    }

    /** Gathers the module's facts in one exec and plans. */
    public <A> Planned plan(HostModule<A> module, A args) throws Exception {
        Facts facts = new Facts();
        FactBatch.gather(conn, module.facts(args), facts);
        return module.plan(args, facts);
    }

    /** Plans, runs every step (failing the test on a non-zero exit), and returns the plan; the last step's result is kept. */
    public <A> Planned apply(HostModule<A> module, A args) throws Exception {
        Planned p = plan(module, args);
        for (Step s : p.change().steps()) {
            last = conn.exec(s.script(), s.stdin());
            assertThat(last.exitCode()).as("step %s failed: %s", s.script(), last.err()).isZero();
        }
        return p;
    }

    /** The last step's result of the last {@link #apply}. */
    public ExecResult last() {
        return last;
    }

    /** Facts holding only the given answers: for fixture tests. */
    public static Facts facts(Map<? extends FactQuery<?>, ?> answers) {
        Facts f = new Facts();
        answers.forEach((q, v) -> f.apply(new FactUpdate<>(castQuery(q), v)));
        return f;
    }

    /** The last value the plan predicts for {@code q}: what the host will hold after the change. */
    public static Object predicted(Planned p, FactQuery<?> q) {
        return p.predicted().stream().filter(u -> u.query().key().equals(q.key())).reduce((x, y) -> y)
                .orElseThrow(() -> new AssertionError("no prediction for " + q.key())).value();
    }

    /** A regular file owned by root, mode 0644, holding {@code text}: for fixture tests. */
    public static FileState.Present file(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", b.length, 1, 2, null, b, FileQuery.sha1(b), 0, 0);
    }

    @SuppressWarnings("unchecked")
    private static FactQuery<Object> castQuery(FactQuery<?> q) {
        return (FactQuery<Object>) q;
    }
}
