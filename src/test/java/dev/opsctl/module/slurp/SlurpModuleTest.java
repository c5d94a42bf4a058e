package dev.opsctl.module.slurp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** slurp reads a real file through the fact script: its bytes in register:, and Ansible's messages when it cannot. */
class SlurpModuleTest {
    private final SlurpModule module = new SlurpModule();

    @TempDir
    Path dir;

    @Test
    void registersTheFilesBytesAsBase64AndChangesNothing() throws Exception {
        byte[] bytes = {'k', 'e', 'y', 0, (byte) 0xff, '\n'};
        Path f = Files.write(dir.resolve("secret.bin"), bytes);
        HostRun host = new HostRun(dir);
        String src = host.parse(module, Map.of("path", f.toString()));
        Planned p = host.plan(module, src);
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        Map<String, Object> reg = module.registered(src, p, null);
        assertThat(Base64.getDecoder().decode((String) reg.get("content"))).isEqualTo(bytes);
        assertThat(reg).containsEntry("encoding", "base64").containsEntry("source", f.toString());
    }

    @Test
    void aMissingFileOrADirectoryFailsWithAnsiblesMessage() {
        HostRun host = new HostRun(dir);
        assertThatThrownBy(() -> host.plan(module, dir.resolve("nope").toString())).isInstanceOf(PlanException.class)
                .hasMessage("file not found: " + dir.resolve("nope"));
        assertThatThrownBy(() -> host.plan(module, dir.toString())).isInstanceOf(PlanException.class)
                .hasMessage("source is a directory and must be a file");
    }
}
