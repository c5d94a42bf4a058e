package dev.opsctl.module.getent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getent's output in, the fact {@code getent_<database>} out, as getent.py builds it. */
class GetentModuleTest {
    private final GetentModule module = new GetentModule();

    @TempDir
    Path dir;

    private Map<String, Object> run(Map<String, Object> raw, String output) {
        GetentModule.GetentArgs a = new HostRun(dir).parse(module, raw);
        Planned p = module.plan(a, HostRun.facts(Map.of(a.query(), a.query().parse(output))));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        return module.registered(a, p, null);
    }

    @Test
    void passwdSplitsOnColons() {
        Map<String, Object> r = run(Map.of("database", "passwd", "key", "root"), "root:x:0:0:root:/root:/bin/bash\nrc=0");
        assertThat(r).isEqualTo(Map.of("ansible_facts", Map.of("getent_passwd",
                Map.of("root", List.of("x", "0", "0", "root", "/root", "/bin/bash")))));
    }

    @Test
    void hostsSplitOnWhitespaceAndARepeatedKeyHoldsEveryRecord() {
        Map<String, Object> r = run(Map.of("database", "hosts"), "127.0.0.1       localhost\n::1  localhost ip6-localhost\n"
                + "127.0.0.1 other\nrc=0");
        assertThat(r.get("ansible_facts")).isEqualTo(Map.of("getent_hosts", Map.of(
                "127.0.0.1", List.of(List.of("localhost"), List.of("other")),
                "::1", List.of("localhost", "ip6-localhost"))));
    }

    @Test
    void aMissingKeyFailsUnlessFailKeyIsOff() {
        assertThatThrownBy(() -> run(Map.of("database", "group", "key", "nosuch"), "rc=2"))
                .isInstanceOf(PlanException.class).hasMessage("One or more supplied key could not be found in the database.");
        Map<String, Object> none = new HashMap<>();
        none.put("nosuch", null);
        Map<String, Object> r = run(Map.of("database", "group", "key", "nosuch", "fail_key", false), "rc=2");
        assertThat(r).containsEntry("ansible_facts", Map.of("getent_group", none))
                .containsEntry("msg", "One or more supplied key could not be found in the database.");
        assertThatThrownBy(() -> run(Map.of("database", "nosuchdb"), "rc=1")).hasMessage("Missing arguments, or database unknown.");
    }
}
