package dev.opsctl.module.reboot;

import dev.opsctl.transport.Shell;
import java.time.Duration;

/**
 * How to reboot a host and tell that it came back: the {@code reboot} module's arguments, which
 * {@code opsctl reboot} fills from its options.
 *
 * @param rebootTimeout   from issuing the reboot until the host must be back and pass {@code testCommand}
 * @param connectTimeout  for each reconnect attempt; null for the run's connect timeout
 * @param preRebootDelay  passed to {@code shutdown} in whole minutes, as Ansible does on Linux
 * @param postRebootDelay waited after the connection dropped, before reconnecting
 * @param testCommand     a shell command that must succeed once the host is back
 * @param rebootCommand   a shell command that reboots, or null for {@code shutdown -r +MIN MSG}
 */
public record RebootSpec(Duration rebootTimeout, Duration connectTimeout, Duration preRebootDelay, Duration postRebootDelay,
                         String testCommand, String msg, String rebootCommand) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
    public static final String DEFAULT_TEST_COMMAND = "whoami";
    public static final String DEFAULT_MSG = "Reboot initiated by opsctl";

    /** Defaults, as the module's. */
    public static RebootSpec defaults() {
        return new RebootSpec(DEFAULT_TIMEOUT, null, Duration.ZERO, Duration.ZERO, DEFAULT_TEST_COMMAND, DEFAULT_MSG, null);
    }

    public RebootSpec withTimeout(Duration timeout) {
        return new RebootSpec(timeout, connectTimeout, preRebootDelay, postRebootDelay, testCommand, msg, rebootCommand);
    }

    public RebootSpec withTestCommand(String command) {
        return new RebootSpec(rebootTimeout, connectTimeout, preRebootDelay, postRebootDelay, command, msg, rebootCommand);
    }

    /** The script that asks the host to reboot. */
    public String script() {
        if (rebootCommand != null) return rebootCommand;
        // A login without root's PATH may not see shutdown; Ansible searches these directories too.
        return "PATH=\"$PATH:/sbin:/usr/sbin:/usr/local/sbin\" "
                + Shell.command("shutdown", "-r", "--", "+" + preRebootDelay.toMinutes(), msg);
    }
}
