package dev.opsctl.cli;

import dev.opsctl.saved.SavedPlan;
import dev.opsctl.saved.SavedPlanFile;
import dev.opsctl.shard.ShardMerge;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code opsctl show --merge SHARD_PLAN... [-o FILE]}: one plan for a sharded run, or a refusal saying why (docs/scale.md). */
final class ShowMerge {
    private ShowMerge() {}

    static int show(ShowCommand cmd) {
        if (cmd.file != null) {
            throw new CliException(ExitCode.INVALID_INPUT, "give the shard plans after --merge, not also " + cmd.file + " before it");
        }
        SavedPlanName.check(cmd.out);
        List<ShardMerge.Part> parts = new ArrayList<>();
        for (Path p : cmd.merge) {
            try {
                parts.add(new ShardMerge.Part(p.toString(), SavedPlanFile.read(p)));
            } catch (IOException | RuntimeException e) {
                throw new CliException(ExitCode.INVALID_INPUT, "cannot read the saved plan " + p + ": " + e.getMessage());
            }
        }
        SavedPlan merged;
        try {
            merged = ShardMerge.merge(parts, Instant.now());
        } catch (ShardMerge.Refused e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot merge: " + e.getMessage() + "; nothing was written");
        }
        PrintWriter err = cmd.spec.commandLine().getErr();
        int count = parts.get(0).plan().shard().count();
        String line = "Merged " + count + " shard" + (count == 1 ? "" : "s") + ": " + merged.hosts().size() + " hosts, the whole selection.";
        if (cmd.format == OutputOptions.Format.text) cmd.spec.commandLine().getOut().println(line);
        else err.println(line);
        cmd.print(merged.toRunResult());
        if (cmd.out != null) {
            try {
                SavedPlanFile.write(merged, cmd.out);
            } catch (IOException e) {
                throw new CliException(ExitCode.INTERNAL, "cannot write " + cmd.out + ": " + e.getMessage());
            }
            err.println("Merged plan saved to " + cmd.out + "; review it, then apply each shard's own plan on its runner");
        }
        err.flush();
        return ExitCode.OK;
    }
}
