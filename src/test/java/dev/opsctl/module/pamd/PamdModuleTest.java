package dev.opsctl.module.pamd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.PlanException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pamd's edits against the text community.general.pamd (Ansible 7 on Debian 12) wrote for the same file and tasks,
 * run side by side once: rules re-spaced, comments, includes and blank lines kept, the "Updated by Ansible" mark.
 */
class PamdModuleTest {
    private static final String SERVICE = "#%PAM-1.0\n# a comment\n@include common-auth\n\n"
            + "auth\t[success=1 default=ignore]\tpam_unix.so nullok\nauth\trequisite\t\t\tpam_deny.so\n"
            + "account    required     pam_nologin.so\n-session   optional     pam_systemd.so\n"
            + "session    optional     pam_motd.so  motd=/run/motd.dynamic\nsession    optional     pam_motd.so noupdate\n"
            + "session [success=ok default=bad]  pam_selinux.so open # [1]\nauth\toptional\t\t\tpam_cap.so \n";

    /** What pamd left after the four tasks below (its timestamp line replaced by MARK). */
    private static final String ANSIBLE_WROTE = "#%PAM-1.0\nMARK\n# a comment\n@include common-auth\n\n"
            + "auth       [success=1 default=ignore] pam_unix.so nullok try_first_pass\n"
            + "auth       required pam_deny.so\n"
            + "account    required pam_nologin.so\n"
            + "-session   optional pam_systemd.so\n"
            + "session    [success=ok default=bad] pam_selinux.so open #\n"
            + "auth       optional pam_cap.so\n";

    private static PamdModule.PamdArgs args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "svc");
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new PamdModule().parse(new Args("pamd", m), null);
    }

    @Test
    void editsAndRewritesTheFileAsPamdDoes() {
        PamService service = new PamService(SERVICE);
        assertThat(PamdModule.edit(args("type", "session", "control", "optional", "module_path", "pam_motd.so", "state", "absent"), service)).isEqualTo(2);
        assertThat(PamdModule.edit(args("type", "auth", "control", "[success=1 default=ignore]", "module_path", "pam_unix.so",
                "module_arguments", "nullok try_first_pass"), service)).isEqualTo(1);
        assertThat(PamdModule.edit(args("type", "auth", "control", "requisite", "module_path", "pam_deny.so", "new_control", "required"), service)).isEqualTo(1);
        assertThat(PamdModule.edit(args("type", "session", "control", "[success=ok default=bad]", "module_path", "pam_selinux.so",
                "module_arguments", List.of("[1]"), "state", "args_absent"), service)).isEqualTo(1);
        assertThat(service.invalid()).isNull();
        assertThat(service.render("MARK")).isEqualTo(ANSIBLE_WROTE);
        // Done again: nothing matches or differs any more.
        PamService again = new PamService(service.render("# Updated by Ansible - then"));
        assertThat(PamdModule.edit(args("type", "session", "control", "optional", "module_path", "pam_motd.so", "state", "absent"), again)).isZero();
        assertThat(PamdModule.edit(args("type", "auth", "control", "[success=1 default=ignore]", "module_path", "pam_unix.so",
                "module_arguments", "nullok try_first_pass"), again)).isZero();
    }

    @Test
    void aSecondRewriteReplacesTheMarkAndATinyFileGetsOneOnTop() {
        PamService service = new PamService("auth required pam_env.so\n");
        assertThat(service.render("M")).isEqualTo("\nM\nauth       required pam_env.so\n");
        assertThat(new PamService("#x\n# Updated by Ansible - old\nauth required pam_env.so\n").render("# Updated by Ansible - new"))
                .isEqualTo("#x\n# Updated by Ansible - new\nauth       required pam_env.so\n");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> args("type", "sesion", "control", "optional", "module_path", "x.so")).isInstanceOf(ArgException.class)
                .hasMessageContaining("value of type must be one of");
        assertThatThrownBy(() -> args("type", "auth", "control", "optional", "module_path", "x.so", "state", "before"))
                .isInstanceOf(ArgException.class).hasMessageContaining("not supported by opsctl");
        assertThat(new PamService("auth bogus pam_env.so\n").invalid()).isEqualTo("Rule control, bogus, is not valid in rule auth       bogus pam_env.so");
        assertThatThrownBy(() -> new PamService("garbage line\n")).isInstanceOf(PlanException.class);
    }
}
