package dev.opsctl.cli;

import dev.opsctl.config.HonouredSettings;
import picocli.CommandLine.ParseResult;

/**
 * A plan or apply's forks and become defaults: the command line, else ansible.cfg (or {@code ANSIBLE_*}), else
 * opsctl's own. A play's, task's or host's own {@code become*} still beats all of them, as in Ansible.
 */
record ConfiguredRun(HonouredSettings cfg, ParseResult given) {
    /** {@code -f} when given, else {@code forks} from the configuration, else opsctl's default {@code fallback}. */
    int forks(int fallback) {
        return given.hasMatchedOption("--forks") ? fallback : cfg.forks().orElse(fallback);
    }

    /** {@code -b}, else {@code [privilege_escalation] become}; null when neither says (no become unless the play asks). */
    Boolean become(boolean flag) {
        cfg.becomeMethod();
        if (flag) return Boolean.TRUE;
        return cfg.become().orElse(false) ? Boolean.TRUE : null;
    }

    /** {@code --become-user}, else {@code become_user}; null: root. */
    String becomeUser(String flag) {
        return flag != null ? flag : cfg.becomeUser().orElse(null);
    }
}
