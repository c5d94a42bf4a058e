package dev.opsctl.facts;

/**
 * A service as the host's init system sees it.
 *
 * @param manager    {@code systemd} when the host runs it, else {@code sysvinit} (the {@code service} command and
 *                   /etc/init.d scripts)
 * @param found      whether there is such a unit or init script
 * @param running    whether it runs now (systemd: active; sysvinit: its status action exits 0)
 * @param enabled    whether it starts at boot (systemd: is-enabled; sysvinit: S links in /etc/rc?.d or chkconfig)
 * @param masked     systemd only: the unit is masked
 * @param enableTool sysvinit only: {@code update-rc.d}, {@code chkconfig}, or {@code none}
 * @param killLinks  update-rc.d only: the script has K links, so {@code update-rc.d NAME defaults} already ran
 */
public record ServiceState(String manager, boolean found, boolean running, boolean enabled, boolean masked,
                           String enableTool, boolean killLinks) {
    public static final String SYSTEMD = "systemd";
    public static final String SYSVINIT = "sysvinit";

    public boolean systemd() {
        return manager.equals(SYSTEMD);
    }

    public ServiceState withRunning(boolean r) {
        return new ServiceState(manager, found, r, enabled, masked, enableTool, killLinks);
    }

    public ServiceState withEnabled(boolean e) {
        return new ServiceState(manager, found, running, e, masked, enableTool, killLinks || e);
    }

    public ServiceState withMasked(boolean m) {
        return new ServiceState(manager, found, running, enabled, m, enableTool, killLinks);
    }
}
