package dev.opsctl.module.ufw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts in, change out: ufw's status, rules files and dry runs as ufw 0.36.2 prints them (captured on a fleet host),
 * and what ufw.py decides from them. UfwSideBySideIT runs the module on isolated fleet hosts beside ansible-playbook.
 */
class UfwModuleTest {
    private static final String INACTIVE = "Status: inactive";
    private static final String ACTIVE = """
            Status: active
            Logging: on (low)
            Default: deny (incoming), allow (outgoing), disabled (routed)
            New profiles: skip

            To                         Action      From
            --                         ------      ----
            22/tcp                     ALLOW IN    Anywhere
            22/tcp (v6)                ALLOW IN    Anywhere (v6)""";
    private static final String RULES_22 = """
            ### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in
            ### tuple ### allow tcp 22 ::/0 any ::/0 in""";
    private static final Map<String, String> DEBIAN_POLICIES = Map.of("DEFAULT_INPUT_POLICY", "DROP", "DEFAULT_OUTPUT_POLICY", "ACCEPT",
            "DEFAULT_FORWARD_POLICY", "DROP");

    private final UfwModule module = new UfwModule();

    @TempDir
    Path dir;

    private UfwArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    private Planned plan(UfwArgs a, UfwQuery.UfwState state) {
        return module.plan(a, HostRun.facts(Map.of(UfwModule.query(a), state)));
    }

    private static UfwQuery.UfwState host(String status, String rules, String dryRun) {
        return new UfwQuery.UfwState(null, "/usr/sbin/ufw", "/usr/bin/grep", status, 0, rules, dryRun, 0, null, DEBIAN_POLICIES);
    }

    /** What {@code ufw --dry-run} prints for a rule: the rules files as they would be (only their tuple lines matter). */
    private static String dryRun(String v4Tuples, String v6Tuples) {
        String v4 = "*filter\n:ufw-user-input - [0:0]\n### RULES ###\n\n" + v4Tuples + "\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n\n### END RULES ###\nCOMMIT\n";
        String v6 = v6Tuples == null ? "" : "*filter\n:ufw6-user-input - [0:0]\n### RULES ###\n\n" + v6Tuples + "\n\n### END RULES ###\nCOMMIT\n";
        return v4 + v6 + "Rules updated" + (v6Tuples == null ? "" : "\nRules updated (v6)");
    }

    @Test
    void enablingAnInactiveFirewallRunsUfwEnableAndAnActiveOneIsLeftAlone() {
        UfwArgs a = args(Map.of("state", "enabled"));
        Planned p = plan(a, host(INACTIVE, "", null));
        assertThat(p.change().action()).isEqualTo(Action.RUN);
        assertThat(p.change().details()).containsExactly("/usr/sbin/ufw -f enable");
        assertThat(p.change().steps()).singleElement().satisfies(s -> assertThat(s.script())
                .isEqualTo("export LANGUAGE=C LC_ALL=C; /usr/sbin/ufw -f enable && printf '%s\\n' '@opsctl-ufw status after' && /usr/sbin/ufw status verbose"));
        assertThat(plan(a, host(ACTIVE, RULES_22, null)).change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan(args(Map.of("state", "disabled")), host(ACTIVE, RULES_22, null)).change().action()).isEqualTo(Action.RUN);
        assertThat(plan(args(Map.of("state", "disabled")), host(INACTIVE, "", null)).change().action()).isEqualTo(Action.NO_OP);
        // ufw.py always reports reloaded and reset as changes.
        assertThat(plan(args(Map.of("state", "reloaded")), host(ACTIVE, RULES_22, null)).change().action()).isEqualTo(Action.RUN);
    }

    @Test
    void aRuleChangesOnlyWhenItsDryRunChangesTheRulesFilesTupleLines() {
        UfwArgs a = args(Map.of("rule", "allow", "port", "22", "proto", "tcp"));
        assertThat(UfwModule.query(a).dryRunRule()).containsExactly("allow", "from", "any", "to", "any", "port", "22", "proto", "tcp");
        Planned fresh = plan(a, host(INACTIVE, "", dryRun("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in", "### tuple ### allow tcp 22 ::/0 any ::/0 in")));
        assertThat(fresh.change().action()).isEqualTo(Action.RUN);
        assertThat(fresh.change().details()).containsExactly("/usr/sbin/ufw allow from any to any port 22 proto tcp");
        Planned existing = plan(a, host(ACTIVE, RULES_22, "Skipping adding existing rule\nSkipping adding existing rule (v6)"));
        assertThat(existing.change().action()).isEqualTo(Action.NO_OP);
        // Deleting a rule that is not there prints the files unchanged.
        UfwArgs delete = args(Map.of("rule", "allow", "port", "8080", "delete", true));
        assertThat(plan(delete, host(ACTIVE, RULES_22, dryRun("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in", "### tuple ### allow tcp 22 ::/0 any ::/0 in")))
                .change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aRuleFromAnIpv4AddressIsComparedOverIpv4LinesOnlyAsUfwPyDoes() {
        // The dry run of an IPv4-only rule prints user.rules alone; the IPv6 lines of user6.rules must not count as a change.
        UfwArgs a = args(Map.of("rule", "allow", "src", "10.1.0.0/16", "port", "5432", "proto", "tcp"));
        String rules = RULES_22 + "\n### tuple ### allow tcp 5432 0.0.0.0/0 any 10.1.0.0/16 in";
        Planned same = plan(a, host(ACTIVE, rules, dryRun("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n### tuple ### allow tcp 5432 0.0.0.0/0 any 10.1.0.0/16 in", null)));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
        Planned added = plan(a, host(ACTIVE, RULES_22, dryRun("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n### tuple ### allow tcp 5432 0.0.0.0/0 any 10.1.0.0/16 in", null)));
        assertThat(added.change().action()).isEqualTo(Action.RUN);
        assertThat(added.change().details()).containsExactly("/usr/sbin/ufw allow from 10.1.0.0/16 to any port 5432 proto tcp");
    }

    @Test
    void loggingFollowsUfwPysReadingOfTheStatusLine() {
        assertThat(UfwDecisions.logging("low", ACTIVE)).isFalse();
        assertThat(UfwDecisions.logging("on", ACTIVE)).isFalse();
        assertThat(UfwDecisions.logging("medium", ACTIVE)).isTrue();
        assertThat(UfwDecisions.logging("off", ACTIVE)).isTrue();
        assertThat(UfwDecisions.logging("off", ACTIVE.replace("Logging: on (low)", "Logging: off"))).isFalse();
        // An inactive firewall's status has no Logging line: ufw.py reports a change every time.
        assertThat(UfwDecisions.logging("low", INACTIVE)).isTrue();
    }

    @Test
    void defaultPoliciesComeFromTheStatusWhenActiveAndFromEtcDefaultUfwWhenInactive() {
        assertThat(plan(args(Map.of("default", "deny")), host(ACTIVE, RULES_22, null)).change().action()).isEqualTo(Action.NO_OP);
        Planned out = plan(args(Map.of("policy", "deny", "direction", "outgoing")), host(ACTIVE, RULES_22, null));
        assertThat(out.change().details()).containsExactly("/usr/sbin/ufw default deny outgoing");
        // A routed policy the status shows as disabled is no change to ufw.py.
        assertThat(plan(args(Map.of("default", "allow", "direction", "routed")), host(ACTIVE, RULES_22, null)).change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan(args(Map.of("default", "deny")), host(INACTIVE, "", null)).change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan(args(Map.of("default", "reject")), host(INACTIVE, "", null)).change().action()).isEqualTo(Action.RUN);
    }

    @Test
    void oneTaskRunsItsCommandsInUfwPysOrderAndRegistersThemAsUfwPyReturnsThem() {
        UfwArgs a = args(Map.of("state", "enabled", "policy", "deny", "rule", "allow", "port", "80", "proto", "tcp", "comment", "web site"));
        Planned p = plan(a, host(INACTIVE, "", dryRun("### tuple ### allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 in comment=776562207369746", "x")));
        assertThat(p.change().details()).containsExactly("/usr/sbin/ufw -f enable", "/usr/sbin/ufw default deny",
                "/usr/sbin/ufw allow from any to any port 80 proto tcp comment 'web site'");
        assertThat(p.change().steps().get(0).script()).contains("/usr/sbin/ufw allow from any to any port 80 proto tcp comment 'web site' && printf");
        ExecResult ran = new ExecResult(0, "Firewall is active and enabled on system startup\n@opsctl-ufw status after\nStatus: active\nLogging: on (low)\n"
                .getBytes(StandardCharsets.UTF_8), new byte[0]);
        Map<String, Object> reg = module.registered(a, p, ran);
        String grep = "/usr/bin/grep -h '^### tuple' /lib/ufw/user.rules /lib/ufw/user6.rules /etc/ufw/user.rules /etc/ufw/user6.rules /var/lib/ufw/user.rules /var/lib/ufw/user6.rules";
        assertThat(reg.get("commands")).isEqualTo(List.of("/usr/sbin/ufw status verbose", grep, "/usr/sbin/ufw -f enable", "/usr/sbin/ufw default deny",
                "/usr/sbin/ufw --version", "/usr/sbin/ufw allow from any to any port 80 proto tcp comment 'web site'", "/usr/sbin/ufw status verbose", grep));
        assertThat(reg.get("msg")).isEqualTo("Status: active\nLogging: on (low)");
        // Unchanged: the commands ufw.py would have run all the same, and the status read before.
        Planned none = plan(args(Map.of("logging", "low")), host(ACTIVE, RULES_22, null));
        assertThat(none.change().action()).isEqualTo(Action.NO_OP);
        Map<String, Object> kept = module.registered(args(Map.of("logging", "low")), none, null);
        assertThat(kept.get("commands")).isEqualTo(List.of("/usr/sbin/ufw status verbose", grep, "/usr/sbin/ufw logging low", "/usr/sbin/ufw status verbose", grep));
        assertThat(kept.get("msg")).isEqualTo(ACTIVE);
    }

    @Test
    void relativeInsertsCountFromTheNumberedStatusAsUfwPyDoes() {
        String numbered = """
                Status: active

                     To                         Action      From
                     --                         ------      ----
                [ 1] 80/tcp                     ALLOW IN    Anywhere
                [ 2] 443/tcp                    ALLOW IN    Anywhere
                [ 3] 80/tcp (v6)                ALLOW IN    Anywhere (v6)
                [ 4] 443/tcp (v6)               ALLOW IN    Anywhere (v6)
                """;
        assertThat(UfwDecisions.insertAt(args(Map.of("rule", "allow", "port", "22", "insert", 1, "insert_relative_to", "first-ipv6")), numbered)).isEqualTo(4);
        assertThat(UfwDecisions.insertAt(args(Map.of("rule", "allow", "port", "22", "insert", 0, "insert_relative_to", "first-ipv4")), numbered)).isEqualTo(1);
        assertThat(UfwDecisions.insertAt(args(Map.of("rule", "allow", "port", "22", "insert", 1, "insert_relative_to", "last-ipv6")), numbered))
                .as("past the last rule: no position").isNull();
        assertThat(UfwDecisions.insertAt(args(Map.of("rule", "allow", "port", "22", "insert", 3)), numbered)).isEqualTo(3);
        // A rule from an IPv6 address has no "(v6)" on its line: community.general 6.6 counts it as IPv4.
        String fromV6 = numbered + "[ 5] 25/tcp                     DENY IN     2001:db8::/32\n";
        assertThat(UfwDecisions.insertAt(args(Map.of("rule", "allow", "port", "22", "insert", 1, "insert_relative_to", "first-ipv6")), fromV6))
                .as("after the last 'IPv4' rule, 5: past the end").isNull();
        UfwArgs relative = args(Map.of("rule", "allow", "port", "22", "insert", 1, "insert_relative_to", "last-ipv4"));
        assertThat(UfwModule.query(relative).relative()).isEqualTo(new UfwQuery.Relative(1, "last-ipv4", 0));
        assertThat(UfwModule.query(relative).dryRunRule()).doesNotContain("insert", "1");
    }

    @Test
    void theHostComputesARelativeInsertsPositionAsThePlannerDoes() throws Exception {
        // The dry run (on the host, in awk) and the change (planned here) must insert at the same place.
        String numbered = "Status: active\n\n     To    Action  From\n[ 1] 80/tcp  ALLOW IN  Anywhere\n[ 2] 443/tcp  ALLOW IN  Anywhere\n"
                + "[ 3] 80/tcp (v6)  ALLOW IN  Anywhere (v6)\n[ 4] 25/tcp  DENY IN  2001:db8::/32\n[ 5] 443/tcp (v6)  ALLOW IN  Anywhere (v6)\n";
        for (String text : List.of(numbered, "Status: inactive\n", "Status: active\n[ 1] 80/tcp  ALLOW IN  Anywhere\n")) {
            for (String rel : List.of("first-ipv4", "last-ipv4", "first-ipv6", "last-ipv6")) {
                for (int insert : List.of(0, 1, 2, 4)) {
                    UfwArgs a = args(Map.of("rule", "allow", "port", "22", "insert", insert, "insert_relative_to", rel));
                    Process awk = new ProcessBuilder("awk", "-v", "ins=" + insert, "-v", "rel=" + rel, UfwQuery.INSERT_AT).start();
                    awk.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
                    awk.getOutputStream().close();
                    String printed = new String(awk.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    assertThat(awk.waitFor()).isZero();
                    Integer planned = UfwDecisions.insertAt(a, text);
                    assertThat(printed).as(rel + " " + insert + " in " + text).isEqualTo(planned == null ? "" : planned.toString());
                }
            }
        }
    }

    @Test
    void whatUfwPyRefusesIsRefusedBeforeAnyHostIsAsked() {
        assertThatThrownBy(() -> args(Map.of("direction", "in"))).isInstanceOf(ArgException.class)
                .hasMessage("one of the following is required: state, default, rule, logging");
        assertThatThrownBy(() -> args(Map.of("rule", "allow", "name", "OpenSSH", "proto", "tcp"))).isInstanceOf(ArgException.class)
                .hasMessage("parameters are mutually exclusive: name|proto|logging");
        assertThatThrownBy(() -> args(Map.of("rule", "allow", "interface", "eth0"))).isInstanceOf(ArgException.class)
                .hasMessage("missing parameter(s) required by 'interface': direction");
        assertThatThrownBy(() -> args(Map.of("default", "deny", "direction", "in"))).isInstanceOf(ArgException.class)
                .hasMessageContaining("For default, direction must be one of");
        assertThatThrownBy(() -> args(Map.of("rule", "open"))).isInstanceOf(ArgException.class)
                .hasMessage("value of rule must be one of: allow, deny, limit, reject, got: open");
        assertThatThrownBy(() -> args(Map.of("rule", "allow", "port", "22", "comment", "it's"))).isInstanceOf(ArgException.class)
                .hasMessageContaining("cannot be split into words");
    }

    @Test
    void aHostWithoutUfwOrWhereUfwRefusesTheRuleFailsWithUfwPysMessage() {
        UfwArgs a = args(Map.of("rule", "allow", "port", "99999"));
        assertThatThrownBy(() -> plan(a, UfwQuery.UfwState.missing("/usr/bin:/bin:/usr/sbin"))).isInstanceOf(PlanException.class)
                .hasMessage("Failed to find required executable \"ufw\" in paths: /usr/bin:/bin:/usr/sbin");
        UfwQuery.UfwState bad = new UfwQuery.UfwState(null, "/usr/sbin/ufw", "/usr/bin/grep", INACTIVE, 0, "", "ERROR: Bad port '99999'", 1, null, DEBIAN_POLICIES);
        assertThatThrownBy(() -> plan(a, bad)).isInstanceOf(PlanException.class).hasMessage("ERROR: Bad port '99999'");
    }

    @Test
    void theFactScriptsOutputParsesIntoEachCommandsOutputAndExitCode() {
        UfwQuery q = new UfwQuery(List.of("allow", "22"), null);
        String out = "ufw /usr/sbin/ufw\ngrep /usr/bin/grep\n@opsctl-ufw status 0\nStatus: inactive\n@opsctl-ufw rules 1\n\n"
                + "@opsctl-ufw dryrun 0\nSkipping adding existing rule\nSkipping adding existing rule (v6)\n"
                + "@opsctl-ufw policies 0\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n";
        UfwQuery.UfwState s = q.parse(out);
        assertThat(s.ufw()).isEqualTo("/usr/sbin/ufw");
        assertThat(s.status()).isEqualTo(INACTIVE);
        assertThat(s.rules()).isEmpty();
        assertThat(s.dryRun()).isEqualTo("Skipping adding existing rule\nSkipping adding existing rule (v6)");
        assertThat(s.policies()).containsEntry("DEFAULT_INPUT_POLICY", "DROP").containsEntry("DEFAULT_OUTPUT_POLICY", "ACCEPT");
        assertThat(q.parse("missing /usr/bin:/bin\n").missingIn()).isEqualTo("/usr/bin:/bin");
        // The rule's words are quoted for the host's shell, never pasted.
        assertThat(new UfwQuery(List.of("allow", "comment", "a b; rm -rf /"), null).script()).contains("--dry-run allow comment 'a b; rm -rf /'");
    }
}
