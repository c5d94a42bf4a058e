package dev.opsctl.module.unarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unarchive's old {@code copy}: copy=no is remote_src=yes, as Ansible reads it. */
class UnarchiveCopyAliasTest {
    private final UnarchiveModule module = new UnarchiveModule();

    @TempDir
    Path dir;

    @Test
    void copyNoMeansTheArchiveIsOnTheHost() {
        UnarchiveModule.UnarchiveArgs a = new HostRun(dir).parse(module, Map.of("src", "/srv/app.tar.gz", "dest", "/opt", "copy", false));
        assertThat(a.remote()).isTrue();
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("src", "/srv/app.tar.gz", "dest", "/opt", "copy", false, "remote_src", true)))
                .isInstanceOf(ArgException.class).hasMessage("parameters are mutually exclusive: copy|remote_src");
    }
}
