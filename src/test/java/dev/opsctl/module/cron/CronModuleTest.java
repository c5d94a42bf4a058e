package dev.opsctl.module.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.CrontabQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cron fixtures: a crontab or cron file in, the change and the exact bytes written out. */
class CronModuleTest {
    // Written by ansible-core 2.14's cron module (cron_file, two tasks: a job, then a disabled special_time job).
    static final String ANSIBLE_MADE = "#Ansible: backup\n0 3 * * * root /usr/local/bin/backup\n"
            + "#Ansible: clean tmp\n#@daily nobody find /tmp -mtime +7 -delete\n";

    private final CronModule module = new CronModule();

    @TempDir
    Path dir;

    private Planned planCrontab(Map<String, Object> raw, String crontab) {
        CronModule.CronArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new CrontabQuery(a.user()), new CrontabQuery.Crontab(crontab, false, "root"))));
    }

    private Planned planFile(Map<String, Object> raw, String content) {
        CronModule.CronArgs a = new HostRun(dir).parse(module, raw);
        FileState state = content == null ? FileState.ABSENT : new FileQuery(a.cronFile(), true).parse(fileAnswer(content));
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(a.cronFile(), true), state)));
    }

    /** What the file query's snippet prints for a regular file with this content. */
    private static String fileAnswer(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return "file\n644 root root " + b.length + " 1 2 0 0\ncontent\n" + java.util.Base64.getMimeEncoder().encodeToString(b);
    }

    private static String written(Planned p) {
        return new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8);
    }

    @Test
    void aCronFileAnsibleWroteIsAdoptedWithoutChange() {
        assertThat(planFile(Map.of("name", "backup", "minute", "0", "hour", "3", "job", "/usr/local/bin/backup", "user", "root",
                "cron_file", "opsctl"), ANSIBLE_MADE).change().action()).isEqualTo(Action.NO_OP);
        assertThat(planFile(Map.of("name", "clean tmp", "special_time", "daily", "job", "find /tmp -mtime +7 -delete", "user", "nobody",
                "cron_file", "/etc/cron.d/opsctl", "disabled", true), ANSIBLE_MADE).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void theSameTasksWriteTheBytesAnsibleWrites() {
        Planned first = planFile(Map.of("name", "backup", "minute", 0, "hour", 3, "job", "/usr/local/bin/backup", "user", "root",
                "cron_file", "opsctl"), null);
        assertThat(first.change().action()).isEqualTo(Action.CREATE);
        assertThat(first.change().details()).containsExactly("+ 0 3 * * * root /usr/local/bin/backup", "in /etc/cron.d/opsctl");
        assertThat(written(first)).isEqualTo("#Ansible: backup\n0 3 * * * root /usr/local/bin/backup\n");
        Planned second = planFile(Map.of("name", "clean tmp", "special_time", "daily", "job", "find /tmp -mtime +7 -delete",
                "user", "nobody", "cron_file", "opsctl", "disabled", "yes"), written(first));
        assertThat(written(second)).isEqualTo(ANSIBLE_MADE);
    }

    @Test
    void aChangedScheduleRewritesTheLineAfterTheMarker() {
        String tab = "MAILTO=ops\n#Ansible: backup\n0 3 * * * /usr/local/bin/backup\n# mine\n*/5 * * * * /usr/bin/true\n";
        Planned p = planCrontab(Map.of("name", "backup", "minute", "30", "hour", "4", "job", "/usr/local/bin/backup"), tab);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("0 3 * * * /usr/local/bin/backup -> 30 4 * * * /usr/local/bin/backup", "in crontab");
        assertThat(written(p)).isEqualTo(tab.replace("0 3 * * *", "30 4 * * *"));
        assertThat(((CrontabQuery.Crontab) HostRun.predicted(p, new CrontabQuery(null))).text()).isEqualTo(written(p));
        assertThat(p.change().diff()).contains("-0 3 * * * /usr/local/bin/backup", "+30 4 * * * /usr/local/bin/backup");
    }

    @Test
    void anUnmarkedIdenticalLineGetsTheMarkerAndAMissingFinalNewlineIsAChange() {
        Planned p = planCrontab(Map.of("name", "sync", "job", "/usr/bin/sync", "minute", "*/5", "user", "deploy"), "*/5 * * * * /usr/bin/sync");
        assertThat(p.change().details()).containsExactly("mark the existing line with #Ansible: sync", "in crontab for user \"deploy\"");
        assertThat(written(p)).isEqualTo("#Ansible: sync\n*/5 * * * * /usr/bin/sync\n");
        assertThat(((CrontabQuery.Crontab) HostRun.predicted(p, new CrontabQuery("deploy"))).text()).as("deploy's crontab, not the runner's")
                .isEqualTo(written(p));
        Planned newline = planCrontab(Map.of("name", "sync", "job", "/usr/bin/sync", "minute", "*/5"), "#Ansible: sync\n*/5 * * * * /usr/bin/sync");
        assertThat(newline.change().details()).containsExactly("add the missing final newline", "in crontab");
    }

    @Test
    void absentRemovesMarkerAndJobAndAnEmptiedCronFile() {
        Planned p = planCrontab(Map.of("name", "backup", "state", "absent"), "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
                + "#Ansible: backup\n0 3 * * * /usr/local/bin/backup\nMAILTO=ops\n");
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(written(p)).isEqualTo("MAILTO=ops\n");
        Planned file = planFile(Map.of("name", "backup", "state", "absent", "cron_file", "opsctl"), "#Ansible: backup\n0 3 * * * root /x\n");
        assertThat(file.change().details()).containsExactly("- 0 3 * * * root /x", "remove /etc/cron.d/opsctl (no lines left)");
        assertThat(HostRun.predicted(file, new FileQuery("/etc/cron.d/opsctl", true))).isEqualTo(FileState.ABSENT);
        assertThat(planCrontab(Map.of("name", "backup", "state", "absent"), null).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aTaskWithoutUserAndOneNamingTheRunningUserEditTheSameCrontabInTurn() {
        String tab = "#Ansible: backup\n0 3 * * * /usr/local/bin/backup\n";
        Facts facts = HostRun.facts(Map.of(new CrontabQuery(null), new CrontabQuery.Crontab(tab, false, "root"),
                new CrontabQuery("root"), new CrontabQuery.Crontab(tab, false, "root")));
        HostRun run = new HostRun(dir);
        Planned first = module.plan(run.parse(module, Map.of("name", "backup", "hour", "4", "minute", "0", "job", "/usr/local/bin/backup")), facts);
        first.predicted().forEach(facts::apply);
        Planned second = module.plan(run.parse(module, Map.of("name", "sync", "user", "root", "job", "/usr/bin/sync")), facts);
        assertThat(written(second)).isEqualTo("#Ansible: backup\n0 4 * * * /usr/local/bin/backup\n#Ansible: sync\n* * * * * /usr/bin/sync\n");
    }

    @Test
    void theCrontabAnswerKeepsTheTextExactAndSaysWhoRan() {
        CrontabQuery q = new CrontabQuery("deploy");
        assertThat(q.script()).startsWith("id -un; ").contains("crontab -u deploy -l");
        assertThat(q.parse("deploy\n#Ansible: x\n* * * * * y@opsctl-crontab-rc=0")).isEqualTo(new CrontabQuery.Crontab("#Ansible: x\n* * * * * y", false, "deploy"));
        assertThat(q.parse("root\n@opsctl-crontab-rc=1")).isEqualTo(new CrontabQuery.Crontab(null, false, "root"));
        assertThat(q.parse("root\n@opsctl-crontab-rc=none").toolMissing()).isTrue();
    }

    @Test
    void environmentVariablesGoWhereAnsiblePutsThem() {
        // Each step's expected file is what ansible-core 2.14's cron module wrote for the same task in turn.
        String file = "#Ansible: job1\n5 * * * * root /bin/true\n";
        file = step(Map.of("name", "MAILTO", "env", true, "job", "ops@example.com", "user", "root", "cron_file", "envf"), file,
                Action.CREATE, "MAILTO=\"ops@example.com\"\n#Ansible: job1\n5 * * * * root /bin/true\n");
        file = step(Map.of("name", "PATH", "env", true, "job", "/usr/bin:/bin", "insertafter", "MAILTO", "user", "root", "cron_file", "envf"), file,
                Action.CREATE, "MAILTO=\"ops@example.com\"\nPATH=\"/usr/bin:/bin\"\n#Ansible: job1\n5 * * * * root /bin/true\n");
        file = step(Map.of("name", "SHELL", "env", true, "job", "/bin/bash", "insertbefore", "PATH", "user", "root", "cron_file", "envf"), file,
                Action.CREATE, "MAILTO=\"ops@example.com\"\nSHELL=\"/bin/bash\"\nPATH=\"/usr/bin:/bin\"\n#Ansible: job1\n5 * * * * root /bin/true\n");
        file = step(Map.of("name", "MAILTO", "env", true, "job", "root", "user", "root", "cron_file", "envf"), file,
                Action.UPDATE, "MAILTO=\"root\"\nSHELL=\"/bin/bash\"\nPATH=\"/usr/bin:/bin\"\n#Ansible: job1\n5 * * * * root /bin/true\n");
        file = step(Map.of("name", "SHELL", "env", true, "state", "absent", "cron_file", "envf"), file,
                Action.DELETE, "MAILTO=\"root\"\nPATH=\"/usr/bin:/bin\"\n#Ansible: job1\n5 * * * * root /bin/true\n");
        assertThat(planFile(Map.of("name", "PATH", "env", true, "job", "/usr/bin:/bin", "user", "root", "cron_file", "envf"), file)
                .change().details()).containsExactly("variable as wanted in /etc/cron.d/envf");
        String last = file;
        assertThatThrownBy(() -> planFile(Map.of("name", "X", "env", true, "job", "1", "insertafter", "NOPE", "user", "root", "cron_file", "envf"), last))
                .isInstanceOf(PlanException.class).hasMessage("Variable named 'NOPE' not found.");
    }

    private String step(Map<String, Object> raw, String before, Action action, String after) {
        Planned p = planFile(raw, before);
        assertThat(p.change().action()).isEqualTo(action);
        assertThat(written(p)).isEqualTo(after);
        return after;
    }

    @Test
    void badArgumentsAreErrorsAsInAnsible() {
        HostRun run = new HostRun(dir);
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "job", "y", "special_time", "daily", "hour", "3")))
                .isInstanceOf(ArgException.class).hasMessage("You must specify time and date fields or special time.");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "job", "y", "cron_file", "f"))).hasMessageContaining("user=");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x"))).hasMessageContaining("'job'");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "job", "y", "insertafter", "PATH"))).hasMessageContaining("only with env=yes");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "A B", "job", "y", "env", true))).hasMessage("Invalid name for environment variable");
        assertThat(module.spec().check("cron", Map.of("name", "x", "backup", true))).containsExactly("unsupported argument 'backup' for module 'cron'");
    }
}
