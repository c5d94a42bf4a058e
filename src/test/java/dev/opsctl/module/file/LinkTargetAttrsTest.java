package dev.opsctl.module.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture tests for file state=link with mode/owner: they go to the link's target, as with Ansible's follow=yes. */
class LinkTargetAttrsTest {
    private final FileModule module = new FileModule();

    @TempDir
    Path dir;

    private static FileState.Present entry(FileState.Kind kind, int mode, String target) {
        return new FileState.Present(kind, mode, "root", "root", 1, 1, 2, target, null, null, 0, 0);
    }

    private Planned plan(Map<String, Object> args, FileState link, FileState target) {
        FileModule.FileArgs a = new HostRun(dir).parse(module, args);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/enabled/a.load", false), link,
                new FileQuery("/srv/available/a.load", false), target)));
    }

    @Test
    void aNewLinkWithAModeAlsoSetsTheTargetsMode() {
        Planned p = plan(Map.of("src", "/srv/available/a.load", "dest", "/srv/enabled/a.load", "state", "link", "mode", 0644),
                FileState.ABSENT, entry(FileState.Kind.FILE, 0600, null));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("create link to /srv/available/a.load",
                "target /srv/available/a.load: mode 0600 -> 0644");
        assertThat(p.change().steps()).hasSize(2);
    }

    @Test
    void anExistingLinkWhoseTargetDiffersIsAnUpdateAndAMatchingOneIsNoChange() {
        FileState link = entry(FileState.Kind.LINK, 0777, "/srv/available/a.load");
        Planned fix = plan(Map.of("src", "/srv/available/a.load", "dest", "/srv/enabled/a.load", "state", "link", "mode", "0644"),
                link, entry(FileState.Kind.FILE, 0600, null));
        assertThat(fix.change().action()).isEqualTo(Action.UPDATE);
        assertThat(fix.change().details()).containsExactly("target /srv/available/a.load: mode 0600 -> 0644");
        Planned same = plan(Map.of("src", "/srv/available/a.load", "dest", "/srv/enabled/a.load", "state", "link", "mode", "0644"),
                link, entry(FileState.Kind.FILE, 0644, null));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aMissingTargetGetsNoAttributesAndFollowNoIsRefused() {
        Planned p = plan(Map.of("src", "/srv/available/a.load", "dest", "/srv/enabled/a.load", "state", "link", "mode", "0644", "force", true),
                FileState.ABSENT, FileState.ABSENT);
        assertThat(p.change().details()).last().asString().startsWith("mode/owner/group not set: the target");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("src", "/a", "dest", "/b", "state", "link", "mode", "0644", "follow", false)))
                .isInstanceOf(ArgException.class).hasMessageContaining("follow=no");
    }
}
