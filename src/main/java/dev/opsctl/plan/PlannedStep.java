package dev.opsctl.plan;

import dev.opsctl.transport.Payload;
import java.util.Objects;

/**
 * One remote command of a plan, as the plan file keeps it: the script and what it sends on standard input, each with
 * a digest. Sensitive steps (a {@code no_log} task, a vaulted value) keep only the digests; apply renders them again
 * and refuses unless the digests match. Content streamed from a controller file stays a {@link Payload.FileRegion}:
 * the plan names the file and its digest rather than holding its bytes.
 *
 * @param script        the script, or null when sensitive
 * @param scriptDigest  {@link StepDigest#script} of the script; null for a sensitive step in a run without a vault
 *                      password (nothing to key a digest with)
 * @param content       what is sent on standard input, or null when sensitive
 * @param contentDigest the SHA-256 of that content (keyed for a sensitive step), or null as {@code scriptDigest}
 */
public record PlannedStep(String script, String scriptDigest, Payload content, String contentDigest) {
    public PlannedStep(String script, String scriptDigest, byte[] content, String contentDigest) {
        this(script, scriptDigest, content == null ? null : Payload.of(content.clone()), contentDigest);
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

    /** Equal steps have equal scripts and digests; the content is named by its digest, so it is not read to compare. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PlannedStep p && Objects.equals(script, p.script) && Objects.equals(scriptDigest, p.scriptDigest)
                && (content == null) == (p.content == null) && Objects.equals(contentDigest, p.contentDigest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(script, scriptDigest, contentDigest);
    }
}
