package dev.opsctl.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which steps a run carries out for a task of a reviewed plan: the plan's, a fresh render's, or none (refused). */
class ReviewedPlanTest {
    private static final String SOURCE = "site.yml:4:7";

    private static Change write(String content) {
        return new Change(Action.UPDATE, "file /etc/app.conf", List.of("content"), null,
                List.of(new Step("cat > /etc/app.conf", content.getBytes(StandardCharsets.UTF_8))));
    }

    private static PlannedTask task(Change c, boolean sensitive, boolean afterUnpredictable) {
        List<PlannedStep> steps = c.steps().stream().map(s -> sensitive
                ? new PlannedStep(null, StepDigest.script(s.script(), ReviewedPlanTest::keyed), (byte[]) null, StepDigest.content(s.stdin(), ReviewedPlanTest::keyed))
                : new PlannedStep(s.script(), StepDigest.script(s.script(), StepDigest::sha256), s.stdin(), StepDigest.content(s.stdin(), StepDigest::sha256)))
                .toList();
        return new PlannedTask(new TaskAddress("conf", SOURCE, null, false, 0), "template", "changed", c.action(), c.action(),
                c.summary(), c.details(), null, null, false, false, sensitive, false, afterUnpredictable, steps);
    }

    /** Stands in for the vault-keyed digest: any function both sides share. */
    private static String keyed(byte[] data) {
        return StepDigest.sha256(("key:" + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static ReviewedPlan reviewed(PlannedTask t) {
        return new ReviewedPlan(new Plan(List.of(new HostPlan("web1", "ok", null, Map.of(), List.of(t)))),
                ReviewedPlanTest::keyed, UnaryOperator.identity());
    }

    private static String content(Change c) {
        return new String(c.steps().get(0).stdin(), StandardCharsets.UTF_8);
    }

    @Test
    void applyRunsThePlannedContentNotTheFreshRender() {
        ReviewedPlan plan = reviewed(task(write("at 100\n"), false, false));
        Change run = plan.change("web1", "conf", SOURCE, null, false, false, write("at 105\n"), true);
        assertThat(content(run)).isEqualTo("at 100\n");
        assertThat(run.details()).containsExactly("content");
    }

    @Test
    void aCheckRunComparesOnly() {
        ReviewedPlan plan = reviewed(task(write("at 100\n"), false, false));
        assertThat(content(plan.change("web1", "conf", SOURCE, null, false, false, write("at 105\n"), false))).isEqualTo("at 105\n");
        assertThat(plan.mismatches()).isEmpty();
    }

    @Test
    void sensitiveContentMustRenderToTheReviewedDigest() {
        ReviewedPlan check = reviewed(task(write("secret at 100\n"), true, false));
        check.change("web1", "conf", SOURCE, null, false, false, write("secret at 105\n"), false);
        assertThat(check.mismatches()).containsExactly("web1: conf: its sensitive content rendered now differs from the saved plan's digest");

        ReviewedPlan apply = reviewed(task(write("secret at 100\n"), true, false));
        assertThatThrownBy(() -> apply.change("web1", "conf", SOURCE, null, false, false, write("secret at 105\n"), true))
                .isInstanceOf(ReviewedPlan.Refused.class).hasMessageStartingWith("refused: web1: conf:");

        ReviewedPlan same = reviewed(task(write("secret\n"), true, false));
        assertThat(content(same.change("web1", "conf", SOURCE, null, false, false, write("secret\n"), true))).isEqualTo("secret\n");
    }

    @Test
    void afterACommandTheHostMayDifferAndTheTaskIsPlannedAtApplySayingSo() {
        ReviewedPlan plan = reviewed(task(write("v1\n"), false, true));
        Change run = plan.change("web1", "conf", SOURCE, null, false, false, write("v2\n"), true);
        assertThat(content(run)).isEqualTo("v2\n");
        assertThat(run.details()).last().asString().startsWith(ReviewedPlan.PLANNED_AT_APPLY);
    }

    @Test
    void aTaskTheReviewedPlanHadNoChangeForIsRefused() {
        Change none = Change.none("file /etc/app.conf", "content already matches");
        ReviewedPlan plan = reviewed(task(none, false, false));
        assertThatThrownBy(() -> plan.change("web1", "conf", SOURCE, null, false, false, write("x\n"), true))
                .isInstanceOf(ReviewedPlan.Refused.class);
    }

    @Test
    void theSecondTaskAtTheSameAddressIsFoundByItsOccurrence() {
        PlannedTask first = task(write("one\n"), false, false);
        PlannedTask second = new PlannedTask(new TaskAddress("conf", SOURCE, null, false, 1), "template", "changed", Action.UPDATE,
                Action.UPDATE, "file /etc/app.conf", List.of(), null, null, false, false, false, false, false,
                task(write("two\n"), false, false).steps());
        ReviewedPlan plan = new ReviewedPlan(new Plan(List.of(new HostPlan("web1", "ok", null, Map.of(), List.of(first, second)))),
                ReviewedPlanTest::keyed, UnaryOperator.identity());
        assertThat(content(plan.change("web1", "conf", SOURCE, null, false, false, write("fresh\n"), true))).isEqualTo("one\n");
        assertThat(content(plan.change("web1", "conf", SOURCE, null, false, false, write("fresh\n"), true))).isEqualTo("two\n");
        Change third = plan.change("web1", "conf", SOURCE, null, false, false, write("fresh\n"), true);
        assertThat(content(third)).isEqualTo("fresh\n");
        assertThat(third.details()).contains(ReviewedPlan.PLANNED_AT_APPLY + "the plan did not have this task");
    }
}
