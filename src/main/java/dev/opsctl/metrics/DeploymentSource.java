package dev.opsctl.metrics;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Where {@code opsctl metrics} reads its runs from: the journal, or a JSON file of deployments ({@link DeploymentFile}). */
public interface DeploymentSource {
    /**
     * The runs that started at or after {@code since}, and any earlier ones the source has that a metric may look back
     * at (an earlier apply of the same commit); the computation filters by period itself.
     */
    List<Deployment> deployments(Instant since) throws IOException;

    /** Says where the runs come from, for the report's header. */
    String describe();
}
