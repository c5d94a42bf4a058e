package dev.opsctl.cli;

import dev.opsctl.config.HonouredSettings;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Warnings;

/**
 * ansible.cfg's {@code host_key_checking = False}, honoured as far as it is safe: the key of a host not yet known is
 * accepted and recorded (as {@code --accept-new-host-keys}), but a key that differs from the recorded one is still
 * refused, where Ansible would connect. Said once per run, so nobody believes checking is off entirely.
 */
final class HostKeyCheckingOff {
    private HostKeyCheckingOff() {}

    /** Whether new host keys are accepted because the configuration turns checking off (with the warning given). */
    static boolean accepts(HonouredSettings cfg) {
        if (cfg.hostKeyChecking().orElse(true)) return false;
        Source at = cfg.at("defaults", "host_key_checking", "ANSIBLE_HOST_KEY_CHECKING");
        Warnings.add(at, "host_key_checking is False: unknown host keys are accepted and recorded, "
                + "but a changed host key is still refused");
        return true;
    }
}
