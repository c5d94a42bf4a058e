package dev.opsctl.module.stat;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code stat}: never changes anything; {@code register:} gets Ansible's {@code stat} dictionary (the keys
 * exists, path, mode, isdir, isreg, islnk, uid, gid, pw_name, gr_name, size, dev, inode, checksum, lnk_source, lnk_target).
 */
public final class StatModule implements HostModule<StatModule.StatArgs> {
    public record StatArgs(String path, boolean follow, boolean getChecksum) {}

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("path", "dest", "name", "follow", "get_checksum", "checksum_algorithm", "checksum_algo", "checksum");
    }

    @Override
    public StatArgs parse(Args args, ModuleContext ctx) {
        args.choice("checksum_algorithm", "sha1", "sha1");
        return new StatArgs(args.requiredString("path", "dest", "name"), args.bool("follow", false), args.bool("get_checksum", true));
    }

    @Override
    public List<FactQuery<?>> facts(StatArgs a) {
        return List.of(new StatQuery(a.path(), a.follow()));
    }

    @Override
    public Planned plan(StatArgs a, Facts facts) {
        StatQuery q = new StatQuery(a.path(), a.follow());
        StatQuery.Answer answer = facts.get(q);
        Change none = Change.none("stat " + a.path(), answer.state().exists() ? "exists" : "does not exist");
        // The answer rides along as a (non-changing) prediction so that register: can report it.
        return new Planned(none, List.of(new FactUpdate<>(q, answer)));
    }

    @Override
    public Map<String, Object> registered(StatArgs a, Planned planned, ExecResult last) {
        StatQuery.Answer answer = (StatQuery.Answer) planned.predicted().get(0).value();
        return Map.of("stat", stat(a, answer));
    }

    static Map<String, Object> stat(StatArgs a, StatQuery.Answer answer) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(answer.state() instanceof FileState.Present p)) {
            out.put("exists", false);
            return out;
        }
        boolean link = p.kind() == FileState.Kind.LINK;
        out.put("exists", true);
        out.put("path", a.path());
        out.put("mode", String.format("%04o", p.mode()));
        out.put("isdir", p.kind() == FileState.Kind.DIRECTORY);
        out.put("isreg", p.kind() == FileState.Kind.FILE);
        out.put("islnk", link);
        out.put("uid", p.uid());
        out.put("gid", p.gid());
        out.put("pw_name", p.owner());
        out.put("gr_name", p.group());
        out.put("size", p.size());
        out.put("dev", p.device());
        out.put("inode", p.inode());
        if (p.kind() == FileState.Kind.FILE && a.getChecksum() && p.sha1() != null) out.put("checksum", p.sha1());
        if (link) {
            out.put("lnk_source", answer.realPath());
            out.put("lnk_target", p.linkTarget());
        }
        return out;
    }
}
