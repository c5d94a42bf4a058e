package dev.opsctl.module.reboot;

import java.time.Instant;

/**
 * Which boot a host is in, when it began, and whether the host asks for a reboot.
 *
 * @param bootId        {@code /proc/sys/kernel/random/boot_id}: new on every boot
 * @param bootTime      {@code btime} of {@code /proc/stat}
 * @param rebootPending {@code /var/run/reboot-required} exists, or {@code needs-restarting -r} says so (RPM systems);
 *                      null when not asked
 */
public record BootState(String bootId, Instant bootTime, Boolean rebootPending) {}
