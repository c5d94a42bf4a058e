package dev.opsctl.facts;

import java.util.List;
import java.util.Map;

/**
 * The packages a host's package databases know: dpkg's and rpm's, by name (a name may have several entries, one per
 * architecture or installed version). A database the host lacks is an empty map.
 */
public record InstalledPackages(Map<String, List<InstalledPackage>> dpkg, Map<String, List<InstalledPackage>> rpm) {
    /** One package as its database lists it; {@code installed} is false for dpkg's "config-files" (removed, not purged). */
    public record InstalledPackage(String name, String version, String arch, boolean installed) {}

    public InstalledPackages {
        dpkg = Map.copyOf(dpkg);
        rpm = Map.copyOf(rpm);
    }

    /** The database a package manager records into: dpkg for apt, rpm for dnf and yum. */
    public Map<String, List<InstalledPackage>> of(String manager) {
        return manager.equals("apt") ? dpkg : rpm;
    }

    /**
     * The installed version of {@code name} under {@code manager}, or null when it is not installed. An apt name may
     * carry an architecture ({@code libc6:i386}); then only that architecture's entry counts.
     */
    public String installedVersion(String manager, String name) {
        int colon = manager.equals("apt") ? name.indexOf(':') : -1;
        String arch = colon < 0 ? null : name.substring(colon + 1);
        for (InstalledPackage p : of(manager).getOrDefault(colon < 0 ? name : name.substring(0, colon), List.of())) {
            if (p.installed() && (arch == null || arch.equals(p.arch()))) return p.version();
        }
        return null;
    }

    /** Whether dpkg still holds configuration files of a removed package (what {@code purge} removes). */
    public boolean hasConfigFiles(String name) {
        return dpkg.getOrDefault(name, List.of()).stream().anyMatch(p -> !p.installed());
    }
}
