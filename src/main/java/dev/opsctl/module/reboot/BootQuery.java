package dev.opsctl.module.reboot;

import dev.opsctl.facts.FactQuery;
import java.time.Instant;

/** Reads a host's {@link BootState} in the one fact exec; with {@code pending}, also whether it asks for a reboot. */
public record BootQuery(boolean pending) implements FactQuery<BootState> {
    public static final BootQuery BOOT = new BootQuery(false);
    public static final BootQuery BOOT_AND_PENDING = new BootQuery(true);

    @Override
    public String key() {
        return pending ? "boot+pending" : "boot";
    }

    @Override
    public String script() {
        String boot = "cat /proc/sys/kernel/random/boot_id; sed -n 's/^btime //p' /proc/stat";
        if (!pending) return boot;
        // needs-restarting -r exits 1 when a reboot is needed, 0 when not (yum-utils / dnf-utils).
        return boot + "\nif [ -e /var/run/reboot-required ]; then echo pending\n"
                + "elif command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r >/dev/null 2>&1; "
                + "if [ $? -eq 1 ]; then echo pending; else echo clear; fi\nelse echo clear; fi";
    }

    @Override
    public BootState parse(String output) {
        String[] lines = output.strip().split("\n");
        if (lines.length < 2 || lines[0].isBlank() || !lines[1].strip().matches("\\d+")) {
            throw new IllegalStateException("cannot read the boot id and boot time (/proc/sys/kernel/random/boot_id, btime in /proc/stat)");
        }
        Boolean pendingNow = pending ? (lines.length > 2 && lines[2].strip().equals("pending")) : null;
        return new BootState(lines[0].strip(), Instant.ofEpochSecond(Long.parseLong(lines[1].strip())), pendingNow);
    }
}
