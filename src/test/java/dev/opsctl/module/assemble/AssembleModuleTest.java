package dev.opsctl.module.assemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * assemble over real fragments: the bytes expected here are what ansible-playbook 2.14 wrote for the same directory
 * (hidden files count unless ignore_hidden, a newline after a fragment that lacks one only between fragments).
 */
class AssembleModuleTest {
    private final AssembleModule module = new AssembleModule();

    @TempDir
    Path dir;

    private Path frags;

    @BeforeEach
    void fragments() throws Exception {
        frags = Files.createDirectories(dir.resolve("frags"));
        Files.writeString(frags.resolve("10-a"), "one\n");
        Files.writeString(frags.resolve("20-b"), "two");
        Files.writeString(frags.resolve(".h"), "hid\n");
        Files.writeString(frags.resolve("05.skip"), "x\n");
        Files.createDirectories(frags.resolve("30-dir"));
    }

    private Planned apply(Map<String, Object> raw) throws Exception {
        HostRun host = new HostRun(dir);
        return host.apply(module, host.parse(module, raw));
    }

    private Map<String, Object> args(String dest, Object... kv) {
        Map<String, Object> m = new HashMap<>(Map.of("src", frags.toString(), "dest", dir.resolve(dest).toString()));
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void joinsEveryFileInNameOrderAsAnsibleDoes() throws Exception {
        assertThat(apply(args("out1")).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(dir.resolve("out1"))).isEqualTo("hid\nx\none\ntwo");
        assertThat(apply(args("out1")).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void delimiterRegexpAndIgnoreHiddenAsAnsibleDoes() throws Exception {
        Map<String, Object> a = args("out2", "delimiter", "### part\\x21", "regexp", "^[0-9]+-", "ignore_hidden", true, "mode", "0640");
        Planned first = apply(a);
        assertThat(Files.readString(dir.resolve("out2"))).isEqualTo("one\n### part!\ntwo");
        // The checksum and md5sum ansible-playbook registered for this file.
        assertThat(module.registered(new HostRun(dir).parse(module, a), first, null))
                .containsEntry("checksum", "8b8ce53842a409c3ef1c4d3692eae05eba27dee7").containsEntry("md5sum", "da74e68fa02af624da354641a2a1be19");
        Planned again = apply(a);
        assertThat(again.change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(new HostRun(dir).parse(module, a), again, null)).containsEntry("msg", "OK");

        Files.writeString(frags.resolve("15-new"), "new\n");
        Planned update = apply(a);
        assertThat(update.change().action()).isEqualTo(Action.UPDATE);
        assertThat(Files.readString(dir.resolve("out2"))).isEqualTo("one\n### part!\nnew\n### part!\ntwo");
        assertThat(module.registered(new HostRun(dir).parse(module, a), update, null))
                .containsEntry("checksum", dev.opsctl.facts.FileQuery.sha1("one\n### part!\nnew\n### part!\ntwo".getBytes()));
    }

    @Test
    void aMissingSourceFailsWithAnsiblesMessage() {
        HostRun host = new HostRun(dir);
        assertThatThrownBy(() -> host.plan(module, host.parse(module, Map.of("src", dir.resolve("none").toString(), "dest", "/tmp/x"))))
                .isInstanceOf(PlanException.class).hasMessage("Source (" + dir.resolve("none") + ") does not exist");
    }
}
