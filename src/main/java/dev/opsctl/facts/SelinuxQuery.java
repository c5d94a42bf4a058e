package dev.opsctl.facts;

/**
 * Whether SELinux is enabled on the host, as Ansible's {@code selinux_enabled()} decides before it sets a context:
 * {@code selinuxenabled} where the host has it, else a mounted selinuxfs with an {@code enforce} file (what
 * libselinux's is_selinux_enabled reads).
 */
public record SelinuxQuery() implements FactQuery<Boolean> {
    @Override
    public String key() {
        return "selinux-enabled";
    }

    @Override
    public String script() {
        return "if command -v selinuxenabled >/dev/null 2>&1; then selinuxenabled && echo 1 || echo 0; "
                + "elif [ -f /sys/fs/selinux/enforce ]; then echo 1; else echo 0; fi";
    }

    @Override
    public Boolean parse(String output) {
        return output.strip().equals("1");
    }
}
