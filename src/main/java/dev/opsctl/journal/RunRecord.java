package dev.opsctl.journal;

import java.time.Instant;
import java.util.List;

/**
 * One journalled run, as written at its start and completed as it goes.
 *
 * @param kind        apply or reboot
 * @param commandLine the command line, extra-vars values and known secrets masked
 * @param pattern     reboot's host pattern; null for apply
 * @param limit       --limit, or null
 */
public record RunRecord(String id, String kind, Result result, Integer exitCode, Instant start, Instant end, String osUser,
                        String controller, List<String> keyFingerprints, String commandLine, String playbook, GitInfo git,
                        String inventory, String pattern, String limit, String reason, String ticket, String message,
                        List<HostRecord> hosts, List<String> approvers) {
    /** How a run ended. A run killed or cut off from its journal stays {@code UNFINISHED}. */
    public enum Result {
        UNFINISHED, SUCCESS, FAILED, REFUSED, CANCELLED;

        public String word() {
            return name().toLowerCase();
        }

        public static Result of(String word) {
            return valueOf(word.toUpperCase());
        }
    }

    /** A run no approval was needed for (or not yet known). */
    public RunRecord(String id, String kind, Result result, Integer exitCode, Instant start, Instant end, String osUser,
                     String controller, List<String> keyFingerprints, String commandLine, String playbook, GitInfo git,
                     String inventory, String pattern, String limit, String reason, String ticket, String message,
                     List<HostRecord> hosts) {
        this(id, kind, result, exitCode, start, end, osUser, controller, keyFingerprints, commandLine, playbook, git, inventory, pattern,
                limit, reason, ticket, message, hosts, List.of());
    }

    public RunRecord {
        keyFingerprints = List.copyOf(keyFingerprints);
        hosts = List.copyOf(hosts);
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
        if (git == null) git = GitInfo.NONE;
    }

    public RunRecord withHosts(List<HostRecord> hosts) {
        return new RunRecord(id, kind, result, exitCode, start, end, osUser, controller, keyFingerprints, commandLine, playbook, git,
                inventory, pattern, limit, reason, ticket, message, hosts, approvers);
    }
}
