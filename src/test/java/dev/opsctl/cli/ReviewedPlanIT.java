package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan is applied as reviewed, on a real sshd host: a saved plan's steps are what apply runs (a template of the
 * clock writes the planned bytes, not the clock's new ones), sensitive content rendered differently is refused, a
 * plan file edited by hand is refused, and apply on a terminal applies the plan it showed.
 */
@FleetHosts(1)
class ReviewedPlanIT {
    private static final Pattern STAMP = Pattern.compile("planned at (\\d+)");
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inv;
    private Path kh;
    private FleetHost host;

    @BeforeEach
    void project() throws Exception {
        host = fleet.host("h001");
        inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        Files.createDirectories(tmp.resolve("templates"));
        Files.writeString(tmp.resolve("templates/stamp.j2"), "planned at {{ ansible_date_time.epoch }}\n");
        Path dir = fleet.path(host, "/srv/reviewed");
        if (Files.exists(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.delete(f);
            }
        }
        Files.createDirectories(dir);
    }

    private Path playbook(String tasks) throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, "- hosts: all\n  tasks:\n" + tasks);
        return pb;
    }

    private static final String STAMP_TASKS = """
                - name: marker
                  copy: content="ok\\n" dest=/srv/reviewed/marker
                - name: stamp
                  template: src=stamp.j2 dest=/srv/reviewed/stamp mode=0644
            """;

    @Test
    void aSavedPlanOfTheClockWritesThePlannedBytesAndShowPrintsThePlanAgain() throws Exception {
        Path pb = playbook(STAMP_TASKS);
        Path saved = tmp.resolve("plan.json");
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString(), "--diff");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        String planned = stepContent(saved, "stamp");
        assertThat(planned).matches("planned at \\d+\n");
        assertThat(plan.out()).contains("+" + planned.strip());

        CliRun show = CliRun.of("show", saved.toString(), "--diff");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).isEqualTo(planText(plan.out()));

        waitForTheClockToPass(planned);
        CliRun apply = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(fleet.path(host, "/srv/reviewed/stamp"))).isEqualTo(planned);
        assertThat(Files.readString(fleet.path(host, "/srv/reviewed/marker"))).isEqualTo("ok\n");

        // Rendered now, the template says something else: only the saved steps can have written the planned bytes.
        CliRun now = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--diff");
        assertThat(now.out()).contains("~ stamp: file /srv/reviewed/stamp").contains("-" + planned.strip());
    }

    @Test
    void sensitiveContentThatRendersDifferentlyAtApplyIsRefusedAndNothingChanges() throws Exception {
        Path pwFile = tmp.resolve("vault.pw");
        Files.writeString(pwFile, "reviewed plan vault password\n");
        String vaulted = encryptString("encrypt_string", "--vault-password-file", pwFile.toString(), "--name",
                "secret_token", "tok-5e3r37-canary");
        Files.createDirectories(tmp.resolve("group_vars"));
        Files.writeString(tmp.resolve("group_vars/all.yml"), vaulted);
        Files.writeString(tmp.resolve("templates/stamp.j2"), "token={{ secret_token }}\nplanned at {{ ansible_date_time.epoch }}\n");
        playbook(STAMP_TASKS);
        Path pb = tmp.resolve("site.yml");
        Path saved = tmp.resolve("plan.json");
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString(),
                "--vault-password-file", pwFile.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        String file = Files.readString(saved);
        assertThat(file).doesNotContain("tok-5e3r37-canary");
        JsonNode stamp = task(saved, "stamp");
        assertThat(stamp.get("sensitive").asBoolean()).isTrue();
        assertThat(stamp.at("/steps/0/content").isNull()).isTrue();
        assertThat(stamp.at("/steps/0/content_digest").asText()).hasSize(64);

        Thread.sleep(1500);
        CliRun apply = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString(), "--vault-password-file", pwFile.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(ExitCode.STALE_PLAN);
        assertThat(apply.err()).contains("error: h001: stamp: its sensitive content rendered now differs from the saved plan's digest")
                .contains("nothing was changed").doesNotContain("tok-5e3r37-canary");
        assertThat(fleet.path(host, "/srv/reviewed/marker")).doesNotExist();
        assertThat(fleet.path(host, "/srv/reviewed/stamp")).doesNotExist();

        // The same secret without the clock renders the same at apply: its digest matches and it is applied.
        Files.writeString(tmp.resolve("templates/stamp.j2"), "token={{ secret_token }}\n");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString(),
                "--vault-password-file", pwFile.toString()).exitCode()).isZero();
        CliRun applied = CliRun.of("apply", saved.toString(), "--known-hosts", kh.toString(), "--vault-password-file", pwFile.toString());
        assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
        assertThat(Files.readString(fleet.path(host, "/srv/reviewed/stamp"))).isEqualTo("token=tok-5e3r37-canary\n");
    }

    @Test
    void aPlanFileEditedByHandOrDamagedIsRefusedAndNothingChanges() throws Exception {
        Path pb = playbook(STAMP_TASKS);
        Path saved = tmp.resolve("plan.json");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", saved.toString())
                .exitCode()).isZero();
        String original = Files.readString(saved);

        // New content for a step, its digest left as it was.
        Path edited = tmp.resolve("edited.json");
        Files.writeString(edited, original.replace("\"content\" : \"ok\\n\"", "\"content\" : \"pwned\\n\""));
        assertThat(Files.readString(edited)).isNotEqualTo(original);
        refused(edited, "a step's content does not match its digest (the file was edited or damaged)");

        // What a reviewer read (a summary) made to say something else: the digest over the hosts tells.
        Files.writeString(edited, original.replace("\"summary\" : \"file /srv/reviewed/marker\"", "\"summary\" : \"file /srv/other\""));
        assertThat(Files.readString(edited)).isNotEqualTo(original);
        refused(edited, "its hosts do not match hosts_sha256 (the file was edited or damaged)");

        Files.writeString(edited, original.substring(0, original.length() / 2));
        refused(edited, "cannot read the saved plan " + edited);

        Files.writeString(edited, original.replace("\"format_version\" : \"2.0\"", "\"format_version\" : \"3.0\""));
        refused(edited, "has saved-plan format 3.0; this opsctl reads 2.0");
        Files.writeString(edited, original.replace("\"format_version\" : \"2.0\"", "\"format_version\" : \"1.0\""));
        refused(edited, "has saved-plan format 1.0 (an older opsctl), which holds no steps to apply; make the plan again");

        CliRun show = CliRun.of("show", edited.toString());
        assertThat(show.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void applyOnATerminalAppliesThePlanItShowed() throws Exception {
        Path pb = playbook(STAMP_TASKS);
        Files.writeString(tmp.resolve("ansible.cfg"), "[defaults]\ninventory = inventory.yml\n");
        try (TmuxTerminal t = TmuxTerminal.start(tmp, 160, 50, List.of("NO_COLOR=1"), "apply", pb.toString(), "--diff",
                "--known-hosts", kh.toString())) {
            String screen = t.waitFor(s -> s.contains("Only 'yes' will be accepted:"), Duration.ofSeconds(90));
            Matcher shown = Pattern.compile("\\+planned at (\\d+)").matcher(screen);
            assertThat(shown.find()).as(screen).isTrue();
            String planned = "planned at " + shown.group(1) + "\n";
            waitForTheClockToPass(planned);
            t.type("yes");
            assertThat(t.exitCode(Duration.ofSeconds(90))).as(t.history()).isZero();
            assertThat(Files.readString(fleet.path(host, "/srv/reviewed/stamp"))).isEqualTo(planned);
        }
    }

    /** {@code ansible-vault encrypt_string}, as an operator would make the value. */
    private static String encryptString(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ansible-vault"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("ansible-vault " + String.join(" ", args)).isZero();
        return out;
    }

    private void refused(Path plan, String why) throws Exception {
        CliRun apply = CliRun.of("apply", plan.toString(), "--known-hosts", kh.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(apply.err()).contains(why);
        assertThat(fleet.path(host, "/srv/reviewed/marker")).doesNotExist();
        assertThat(fleet.path(host, "/srv/reviewed/stamp")).doesNotExist();
    }

    /** What plan printed for the plan itself: without the line naming the inventory, which show has no use for. */
    private static String planText(String planOut) {
        return planOut.substring(planOut.indexOf('\n') + 1);
    }

    private static JsonNode task(Path saved, String name) throws Exception {
        for (JsonNode t : new ObjectMapper().readTree(saved.toFile()).at("/hosts/0/tasks")) {
            if (t.get("task").asText().equals(name)) return t;
        }
        throw new AssertionError("no task " + name + " in " + saved);
    }

    private static String stepContent(Path saved, String name) throws Exception {
        return task(saved, name).at("/steps/0/content").asText();
    }

    /** Sleeps until the host clock's epoch second is past the one {@code planned} shows. */
    private static void waitForTheClockToPass(String planned) throws InterruptedException {
        Matcher m = STAMP.matcher(planned);
        assertThat(m.find()).isTrue();
        long at = Long.parseLong(m.group(1));
        while (java.time.Instant.now().getEpochSecond() <= at + 1) Thread.sleep(200);
    }
}
