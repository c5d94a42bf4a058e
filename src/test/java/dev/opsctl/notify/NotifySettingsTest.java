package dev.opsctl.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where notifications go (ansible.cfg and --notify) and what a payload may show. */
class NotifySettingsTest {
    @TempDir
    Path dir;

    @AfterEach
    void forgetSecrets() {
        Secrets.reset();
    }

    @Test
    void configuredWebhooksCommaOrSpaceSeparatedThenTheCommandLines() throws Exception {
        Path cfg = dir.resolve("ansible.cfg");
        Files.writeString(cfg, "[opsctl]\nnotify = https://hooks.slack.com/services/T/B/X, http://devlake:8080/api/push\n"
                + "  https://chat.example.com/h\nnotify_environment = staging\n");
        NotifySettings s = NotifySettings.of(AnsibleConfig.read(cfg), List.of("http://127.0.0.1:9/x", "https://chat.example.com/h"));
        assertThat(s.urls()).containsExactly("https://hooks.slack.com/services/T/B/X", "http://devlake:8080/api/push",
                "https://chat.example.com/h", "http://127.0.0.1:9/x");
        assertThat(s.environment()).isEqualTo("STAGING");
        assertThat(AnsibleConfig.read(cfg).unhonoured()).isEmpty();
        assertThat(NotifySettings.of(AnsibleConfig.NONE, List.of()).environment()).isEqualTo("PRODUCTION");
    }

    @Test
    void onlyHttpUrlsWithAHostAndTheirPathsStayOutOfMessages() {
        assertThat(Notifier.targets(List.of("https://a.example/x", "https://a.example/x"))).hasSize(1);
        assertThatThrownBy(() -> Notifier.targets(List.of("hooks.slack.com/services/T/B/X")))
                .hasMessage("notify: '(an invalid URL)' is not an http:// or https:// URL with a host");
        assertThat(Notifier.shown("https://hooks.slack.com/services/T/B/X")).isEqualTo("https://hooks.slack.com/...");
        assertThat(Notifier.shown("http://devlake:8080")).isEqualTo("http://devlake:8080");
        assertThat(GitHead.withoutCredentials("https://u:tok@git.example.com/a.git")).isEqualTo("https://git.example.com/a.git");
        assertThat(GitHead.withoutCredentials("git@github.com:o/r.git")).isEqualTo("git@github.com:o/r.git");
    }

    @Test
    void aSecretNeverReachesThePayload() {
        Secrets.register("hunter2-vaulted");
        RunEvent.RunFacts run = new RunEvent.RunFacts("id-1", "apply", "site.yml", List.of("web1"), Instant.parse("2026-12-07T10:00:00Z"),
                null, "PRODUCTION", "ops", "laptop");
        String json = NotifyPayload.json(new RunEvent(RunEvent.Kind.FAILED, run, Instant.parse("2026-12-07T10:01:05Z"), 2,
                "task 'login' failed: password hunter2-vaulted rejected"));
        assertThat(json).doesNotContain("hunter2-vaulted").contains("password ******** rejected")
                .contains("\"text\":\"opsctl apply site.yml on 1 host (web1) failed after 65s: task 'login' failed: password ******** rejected by ops@laptop\"")
                .contains("\"result\":\"FAILURE\"").contains("\"commit_sha\":null");
    }
}
