package dev.opsctl.module.fetch;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerWrite;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code fetch}: a host's file copied to the controller, at {@code dest/HOST/SRC} (or {@code dest} itself
 * with {@code flat}), when the controller's copy differs (SHA-1, as Ansible compares). The plan says which files would
 * be written (Ansible skips fetch in check mode); apply writes each atomically in its directory ({@link LocalWrite}).
 */
public final class FetchModule implements HostModule<FetchModule.FetchArgs>, ControllerWrite<FetchModule.FetchArgs> {
    /** Typed arguments. */
    public record FetchArgs(String src, String dest, boolean flat, boolean failOnMissing, boolean validateChecksum) {}

    static final String MISSING = "the remote file does not exist, not transferring, ignored";
    static final String DIRECTORY = "remote file is a directory, fetch cannot work on directories";

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("src", "dest", "flat", "fail_on_missing", "validate_checksum").require("src", "dest");
    }

    @Override
    public FetchArgs parse(Args args, ModuleContext ctx) {
        return new FetchArgs(args.requiredString("src"), args.requiredString("dest"), args.bool("flat", false),
                args.bool("fail_on_missing", true), args.bool("validate_checksum", true));
    }

    @Override
    public List<FactQuery<?>> facts(FetchArgs a) {
        return List.of(new FetchSourceQuery(a.src()));
    }

    /** The host's side: the source must be a readable file; its checksum goes on to {@link #onController}. */
    @Override
    public Planned plan(FetchArgs a, Facts facts) {
        FetchSourceQuery.Source source = facts.get(new FetchSourceQuery(a.src()));
        // An earlier task of this run that writes the file predicts its content: that is what will be fetched.
        if (facts.has(new FileQuery(a.src(), false)) && facts.get(new FileQuery(a.src(), false)) instanceof FileState.Present p
                && p.kind() == FileState.Kind.FILE && p.sha1() != null) {
            source = new FetchSourceQuery.Source("file", p.sha1());
        }
        String summary = "fetch " + a.src();
        switch (source.kind()) {
            case "file" -> {
                return new Planned(new Change(Action.UPDATE, summary, List.of(), null, List.of()),
                        List.of(new FactUpdate<>(new FetchTarget(a.src()), new FetchTarget.Decided(null, source.sha1(), null))));
            }
            case "directory" -> {
                if (a.failOnMissing()) throw new PlanException(DIRECTORY);
                return new Planned(Change.none(summary, DIRECTORY + ", not transferring, ignored"));
            }
            case "unreadable" -> throw new PlanException("file is not readable: " + a.src());
            default -> {
                if (a.failOnMissing()) throw new PlanException(MISSING);
                return new Planned(Change.none(summary, MISSING));
            }
        }
    }

    @Override
    public Planned onController(FetchArgs a, Planned hostPlan, Map<String, Object> vars) {
        if (!hostPlan.change().action().isChange()) return hostPlan;
        FetchTarget.Decided remote = decided(hostPlan);
        String dest = FetchDest.of(a, String.valueOf(vars.get("inventory_hostname")), String.valueOf(vars.getOrDefault("playbook_dir", ".")));
        String local = LocalWrite.sha1Of(dest);
        FetchTarget.Decided decided = new FetchTarget.Decided(dest, remote.remoteSha1(), local);
        List<FactUpdate<?>> predicted = List.of(new FactUpdate<>(new FetchTarget(a.src()), decided));
        String summary = hostPlan.change().summary() + " -> " + dest;
        if (remote.remoteSha1().equals(local)) return new Planned(Change.none(summary, "already fetched (sha1 " + local + ")"), predicted);
        List<String> details = List.of(local == null ? "new file on the controller, sha1 " + remote.remoteSha1()
                : "sha1 " + local + " -> " + remote.remoteSha1());
        return new Planned(new Change(local == null ? Action.CREATE : Action.UPDATE, summary, details, null, List.of()), predicted);
    }

    @Override
    public ExecResult write(FetchArgs a, Planned planned, Connection conn) throws TransportException {
        return LocalWrite.fetch(conn, a.src(), decided(planned).dest(), a.validateChecksum());
    }

    private static FetchTarget.Decided decided(Planned p) {
        return (FetchTarget.Decided) p.predicted().get(0).value();
    }

    @Override
    public Map<String, Object> registered(FetchArgs a, Planned planned, ExecResult last) {
        Map<String, Object> reg = new LinkedHashMap<>();
        if (planned.predicted().isEmpty()) {
            reg.put("file", a.src());
            reg.put("msg", planned.change().details().get(0));
            return reg;
        }
        FetchTarget.Decided d = decided(planned);
        if (!planned.change().action().isChange()) {
            reg.put("md5sum", LocalWrite.md5Of(d.dest()));
            reg.put("file", a.src());
            reg.put("dest", d.dest());
            reg.put("checksum", d.localSha1());
            return reg;
        }
        String[] written = last == null ? new String[0] : last.out().strip().split(" ");
        reg.put("md5sum", written.length > 1 ? written[1] : null);
        reg.put("dest", d.dest());
        reg.put("remote_md5sum", null);
        reg.put("checksum", written.length > 0 && !written[0].isEmpty() ? written[0] : d.remoteSha1());
        reg.put("remote_checksum", d.remoteSha1());
        return reg;
    }
}
