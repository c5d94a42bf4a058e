package dev.opsctl.notify;

import java.time.Instant;
import java.util.List;

/**
 * Something worth telling a chat channel or a DORA dashboard about a run.
 *
 * @param kind what happened
 * @param run the run it happened to
 * @param at when
 * @param exitCode the run's exit code (null for {@link Kind#STARTED})
 * @param detail one line on why it ended as it did (null: nothing to add)
 */
public record RunEvent(Kind kind, RunFacts run, Instant at, Integer exitCode, String detail) {
    /** The events a notification is sent for. */
    public enum Kind {
        STARTED("started", null),
        SUCCEEDED("succeeded", "SUCCESS"),
        FAILED("failed", "FAILURE"),
        REFUSED("was refused", "ABORT");

        private final String verb;
        private final String devLakeResult;

        Kind(String verb, String devLakeResult) {
            this.verb = verb;
            this.devLakeResult = devLakeResult;
        }

        /** How the chat line says it. */
        public String verb() {
            return verb;
        }

        /** The {@code result} a DevLake deployment webhook takes; null while the run is under way. */
        public String devLakeResult() {
            return devLakeResult;
        }

        /** The name in the payload's {@code event} field. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * What is known about a run from its start.
     *
     * @param id the run's id (DevLake's pipeline_id)
     * @param command apply or reboot
     * @param subject the playbook applied, or the pattern rebooted
     * @param hosts the hosts it works on (empty until it starts)
     * @param start when it started
     * @param git the commit the playbook came from (null outside a Git repository)
     * @param environment the environment a DevLake deployment is filed under (PRODUCTION unless configured)
     * @param user who ran it (the OS user)
     * @param controller where from (this machine's host name)
     */
    public record RunFacts(String id, String command, String subject, List<String> hosts, Instant start, GitHead git,
            String environment, String user, String controller) {
        public RunFacts {
            hosts = List.copyOf(hosts);
        }

        public RunFacts withHosts(List<String> names, Instant started) {
            return new RunFacts(id, command, subject, names, started, git, environment, user, controller);
        }
    }
}
