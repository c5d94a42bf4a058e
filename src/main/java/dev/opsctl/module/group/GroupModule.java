package dev.opsctl.module.group;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.GroupState;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ansible's {@code group}: a group's presence and gid, with groupadd, groupmod and groupdel. */
public final class GroupModule implements HostModule<GroupModule.GroupArgs> {
    /** Typed group arguments; {@code gid} is null when not asked for. */
    public record GroupArgs(String name, Integer gid, boolean system, boolean present) {}

    @Override
    public String name() {
        return "group";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "gid", "system", "state").require("name");
    }

    @Override
    public GroupArgs parse(Args args, ModuleContext ctx) {
        return new GroupArgs(args.requiredString("name"), integer(args, "gid"), args.bool("system", false),
                args.choice("state", "present", "present", "absent").equals("present"));
    }

    /** An integer argument (a YAML number or a string of digits), or null when unset. */
    public static Integer integer(Args args, String name) {
        Object v = args.raw(name);
        if (v == null) return null;
        if (v instanceof Number n && n.doubleValue() == n.intValue()) return n.intValue();
        String s = String.valueOf(v).strip();
        if (!s.matches("\\d{1,9}")) throw new ArgException("argument '" + name + "' must be an integer, not '" + v + "'");
        return Integer.parseInt(s);
    }

    @Override
    public List<FactQuery<?>> facts(GroupArgs a) {
        return List.of(new GroupQuery(a.name()));
    }

    @Override
    public Planned plan(GroupArgs a, Facts facts) {
        GroupState current = facts.get(new GroupQuery(a.name()));
        String summary = "group " + a.name();
        if (!a.present()) {
            if (!(current instanceof GroupState.Present p)) return new Planned(Change.none(summary, "group " + a.name() + " already absent"));
            return new Planned(new Change(Action.DELETE, summary, List.of("remove group" + gidNote(p.gid())), null,
                    List.of(new Step(Shell.command("groupdel", "--", a.name())))), predict(a.name(), p.gid(), GroupState.ABSENT));
        }
        if (current instanceof GroupState.Present p) {
            if (a.gid() == null || a.gid() == p.gid()) {
                return new Planned(Change.none(summary, "group " + a.name() + " exists as wanted" + gidNote(p.gid())), predict(a.name(), p.gid(), p));
            }
            GroupState.Present after = new GroupState.Present(p.name(), a.gid(), p.members());
            List<FactUpdate<?>> predicted = new ArrayList<>(predict(a.name(), p.gid(), GroupState.ABSENT));
            predicted.addAll(predict(a.name(), a.gid(), after));
            return new Planned(new Change(Action.UPDATE, summary, List.of("gid " + show(p.gid()) + " -> " + a.gid()), null,
                    List.of(new Step(Shell.command("groupmod", "-g", String.valueOf(a.gid()), "--", a.name())))), predicted);
        }
        List<String> cmd = new ArrayList<>(List.of("groupadd"));
        List<String> details = new ArrayList<>();
        if (a.gid() != null) {
            cmd.addAll(List.of("-g", String.valueOf(a.gid())));
            details.add("gid " + a.gid());
        }
        if (a.system()) {
            cmd.add("-r");
            details.add("system group");
        }
        cmd.addAll(List.of("--", a.name()));
        int gid = a.gid() == null ? -1 : a.gid();
        return new Planned(new Change(Action.CREATE, summary, details, null, List.of(new Step(Shell.command(cmd)))),
                predict(a.name(), gid, new GroupState.Present(a.name(), gid, List.of())));
    }

    /** The group under its name and, where known, its gid: the user module may name it either way. */
    private static List<FactUpdate<?>> predict(String name, int gid, GroupState state) {
        List<FactUpdate<?>> out = new ArrayList<>();
        out.add(new FactUpdate<>(new GroupQuery(name), state));
        if (gid >= 0) out.add(new FactUpdate<>(new GroupQuery(String.valueOf(gid)), state));
        return out;
    }

    private static String gidNote(int gid) {
        return gid >= 0 ? " (gid " + gid + ")" : "";
    }

    private static String show(int gid) {
        return gid >= 0 ? String.valueOf(gid) : UserState.UNKNOWN;
    }

    @Override
    public Map<String, Object> registered(GroupArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", a.name());
        r.put("state", a.present() ? "present" : "absent");
        if (a.present()) {
            r.put("system", a.system());
            int gid = a.gid() != null ? a.gid() : -1;
            for (FactUpdate<?> u : planned.predicted()) {
                if (u.value() instanceof GroupState.Present p && p.gid() >= 0) gid = p.gid();
            }
            if (gid >= 0) r.put("gid", gid);
        }
        return r;
    }
}
