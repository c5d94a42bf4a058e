package dev.opsctl.module.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateModuleTest {
    private final TemplateModule module = new TemplateModule();

    @TempDir
    Path dir;

    @Test
    void writesTheRenderedTemplateAndBacksUpTheOldFile() throws Exception {
        Files.writeString(dir.resolve("app.conf.j2"), "name={{ name }}\n");
        Path dest = Files.writeString(dir.resolve("app.conf"), "name=old\n");
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("src", "app.conf.j2", "dest", dest.toString(), "backup", true));
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().diff()).contains("-name=old", "+name=opsctl");
        assertThat(Files.readString(dest)).isEqualTo("name=opsctl\n");
        String backup = (String) module.registered(a, p, host.last()).get("backup_file");
        assertThat(Files.readString(Path.of(backup))).isEqualTo("name=old\n");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void intoADirectoryUsesTheTemplatesName() throws Exception {
        Files.writeString(dir.resolve("motd.j2"), "hi {{ name }}\n");
        Path etc = Files.createDirectory(dir.resolve("etc"));
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("src", "motd.j2", "dest", etc.toString()));
        assertThat(host.apply(module, a).change().summary()).isEqualTo("file " + etc.resolve("motd.j2"));
        assertThat(Files.readString(etc.resolve("motd.j2"))).isEqualTo("hi opsctl\n");
    }
}
