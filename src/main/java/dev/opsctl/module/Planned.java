package dev.opsctl.module;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.plan.Change;
import java.util.List;

/** A module's plan for one task: the change, and the facts as they will be once it is applied. */
public record Planned(Change change, List<FactUpdate<?>> predicted) {
    public Planned {
        predicted = List.copyOf(predicted);
    }

    public Planned(Change change) {
        this(change, List.of());
    }
}
