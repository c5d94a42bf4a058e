package dev.opsctl.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.opsctl.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan model's JSON form: what is written reads back equal, and a step that does not match its digest is refused. */
class PlanJsonTest {
    private static PlannedStep known(String script, byte[] content) {
        return new PlannedStep(script, StepDigest.script(script, StepDigest::sha256), content, StepDigest.content(content, StepDigest::sha256));
    }

    private static HostPlan host() {
        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 10, 'x'};
        PlannedTask text = new PlannedTask(new TaskAddress("app conf", "site.yml:4:7", null, false, 0), "template", "changed",
                Action.CREATE, Action.CREATE, "file /etc/app.conf", List.of("content 10 bytes", "mode 0640"), "+port=8080\n", null,
                false, false, false, false, false,
                List.of(known("tmp=/etc/.opsctl.0123456789abcdef && cat > \"$tmp\"", "port=8080\n".getBytes(StandardCharsets.UTF_8))));
        PlannedTask bytes = new PlannedTask(new TaskAddress("blob", "site.yml:9:7", "b", false, 1), "copy", "changed",
                Action.UPDATE, Action.UPDATE, "file /srv/blob", List.of(), null, null, false, false, false, false, true,
                List.of(known("cat > /srv/blob", binary)));
        PlannedTask quiet = new PlannedTask(new TaskAddress("probe", "site.yml:12:7", null, true, 0), "command", "ok",
                Action.NO_OP, Action.RUN, "command: true", List.of(), null, null, false, true, false, false, true,
                List.of(known("true", new byte[0])));
        PlannedTask secret = new PlannedTask(new TaskAddress("secret", "site.yml:14:7", null, false, 0), "copy", "changed",
                Action.CREATE, Action.CREATE, "(output suppressed: no_log)", List.of(), null, null, true, false, true, false, false,
                List.of(new PlannedStep(null, "a".repeat(64), (byte[]) null, "b".repeat(64)), new PlannedStep(null, null, (byte[]) null, null)));
        PlannedTask unknown = new PlannedTask(new TaskAddress("later", "site.yml:16:7", null, false, 0), "shell", "changed",
                Action.RUN, Action.RUN, "shell (known after apply)", List.of(), null, null, false, false, false, true, true, List.of());
        return new HostPlan("web1", "ok", null, Map.of("host_facts", "c".repeat(64), "file:/etc/app.conf", "d".repeat(64)),
                List.of(text, bytes, quiet, secret, unknown));
    }

    /** Through text and back, as a saved plan file goes. */
    private static HostPlan roundTrip(HostPlan h) throws Exception {
        String json = Json.pretty(PlanJson.savedHost(h));
        return PlanJson.readHost(Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {}));
    }

    @Test
    void aHostReadsBackEqualToTheOneWritten() throws Exception {
        HostPlan h = host();
        HostPlan back = roundTrip(h);
        assertThat(back).isEqualTo(h);
        assertThat(back.tasks().get(1).steps().get(0).content().bytes()).containsExactly(0, (byte) 0xff, (byte) 0xfe, 10, 'x');
        assertThat(back.tasks().get(3).stepsKnown()).isFalse();
        assertThat(back.tasks().get(4).stepsKnown()).isFalse();
        assertThat(back.tasks().get(0).stepsKnown()).isTrue();
        assertThat(back.hasChanges()).isTrue();
    }

    @Test
    void textContentIsKeptReadableAndBinaryAsBase64() {
        Map<String, Object> json = PlanJson.savedHost(host());
        String text = Json.write(json);
        assertThat(text).contains("\"content\":\"port=8080\\n\"").contains("\"content_base64\":\"AP/+Cng=\"");
    }

    @Test
    void theReportFormOfATaskHasTheReportKeysInOrder() {
        Map<String, Object> t = PlanJson.reportTask(host().tasks().get(0));
        assertThat(t.keySet()).containsExactly("task", "source", "module", "item", "handler", "status", "action", "summary",
                "details", "diff", "message", "no_log");
        assertThat(t.get("action")).isEqualTo("create");
    }

    @Test
    void aStepWhoseContentOrScriptWasEditedIsRefused() throws Exception {
        String json = Json.pretty(PlanJson.savedHost(host()));
        String content = json.replace("port=8080\\n", "port=6666\\n");
        assertThatThrownBy(() -> PlanJson.readHost(Json.mapper().readValue(content, new TypeReference<Map<String, Object>>() {})))
                .hasMessage("web1: app conf at site.yml:4:7: a step's content does not match its digest (the file was edited or damaged)");
        String script = json.replace("cat > /srv/blob", "rm -rf /srv; cat > /srv/blob");
        assertThatThrownBy(() -> PlanJson.readHost(Json.mapper().readValue(script, new TypeReference<Map<String, Object>>() {})))
                .hasMessageContaining("blob (item=b) at site.yml:9:7 #2: a step's script does not match its digest");
    }

    @Test
    void theRandomTempNameIsNotPartOfAScriptsDigest() {
        assertThat(StepDigest.script("tmp=/a/.opsctl.0123456789abcdef", StepDigest::sha256))
                .isEqualTo(StepDigest.script("tmp=/a/.opsctl.fedcba9876543210", StepDigest::sha256))
                .isNotEqualTo(StepDigest.script("tmp=/b/.opsctl.fedcba9876543210", StepDigest::sha256));
    }

    @Test
    void aMissingKeyIsNamed() {
        Map<String, Object> json = new java.util.LinkedHashMap<>(PlanJson.savedHost(host()));
        json.remove("tasks");
        assertThatThrownBy(() -> PlanJson.readHost(json)).hasMessage("missing \"tasks\"");
    }
}
