package dev.opsctl.plan;

import java.util.Arrays;

/**
 * One remote command of a plan, as the plan file keeps it: the script and the bytes it uploads, each with a
 * digest. Sensitive steps (a {@code no_log} task, a vaulted value) keep only the digests; apply renders them again
 * and refuses unless the digests match.
 *
 * @param script        the script, or null when sensitive
 * @param scriptDigest  {@link StepDigest#script} of the script; null for a sensitive step in a run without a vault
 *                      password (nothing to key a digest with)
 * @param content       the bytes sent on standard input, or null when sensitive
 * @param contentDigest {@link StepDigest#content} of those bytes, or null as {@code scriptDigest}
 */
public record PlannedStep(String script, String scriptDigest, byte[] content, String contentDigest) {
    public PlannedStep {
        content = content == null ? null : content.clone();
    }

    /** Whether the plan holds the step itself, not only its digests. */
    public boolean known() {
        return script != null && content != null;
    }

    /** Whether apply can check a render of this step against the plan. */
    public boolean verifiable() {
        return scriptDigest != null && contentDigest != null;
    }

    /** The step as it runs; only for a known step. */
    public Step toStep() {
        if (!known()) throw new IllegalStateException("a sensitive step is not in the plan");
        return new Step(script, content);
    }

    @Override
    public byte[] content() {
        return content == null ? null : content.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlannedStep p && java.util.Objects.equals(script, p.script) && java.util.Objects.equals(scriptDigest, p.scriptDigest)
                && Arrays.equals(content, p.content) && java.util.Objects.equals(contentDigest, p.contentDigest);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(script, scriptDigest, Arrays.hashCode(content), contentDigest);
    }
}
