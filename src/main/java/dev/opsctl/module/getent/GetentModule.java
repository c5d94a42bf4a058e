package dev.opsctl.module.getent;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's {@code getent}: a database of the host's name service (passwd, group, shadow, hosts, ...) as the fact
 * {@code getent_<database>}, each key with its fields. Read in the fact exec; it never changes the host.
 */
public final class GetentModule implements HostModule<GetentModule.GetentArgs> {
    /** Typed arguments; {@code split} null splits on whitespace, as Python's {@code str.split()}. */
    public record GetentArgs(String database, String key, String service, String split, boolean failKey) {
        GetentQuery query() {
            return new GetentQuery(database, key, service);
        }
    }

    private static final Set<String> COLON = Set.of("passwd", "shadow", "group", "gshadow");

    @Override
    public String name() {
        return "getent";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("database", "key", "service", "split", "fail_key").require("database");
    }

    @Override
    public GetentArgs parse(Args args, ModuleContext ctx) {
        String database = args.requiredString("database");
        String split = args.string("split");
        if (split == null && COLON.contains(database)) split = ":";
        return new GetentArgs(database, args.string("key"), args.string("service"), split, args.bool("fail_key", true));
    }

    @Override
    public List<FactQuery<?>> facts(GetentArgs a) {
        return List.of(a.query());
    }

    @Override
    public Planned plan(GetentArgs a, Facts facts) {
        GetentQuery.Answer answer = facts.get(a.query());
        if (answer.exitCode() != 0 && !(answer.exitCode() == 2 && !a.failKey())) throw new PlanException(message(answer.exitCode()));
        String why = answer.exitCode() == 0 ? answer.lines().size() + " entries read" : message(2);
        // The answer rides with the plan for register: and the fact it sets (as service_facts does).
        return new Planned(Change.none("getent " + a.database() + (a.key() == null ? "" : " " + a.key()), why),
                List.of(new FactUpdate<>(a.query(), answer)));
    }

    private static String message(int exitCode) {
        return switch (exitCode) {
            case 1 -> "Missing arguments, or database unknown.";
            case 2 -> "One or more supplied key could not be found in the database.";
            case 3 -> "Enumeration not supported on this database.";
            default -> "Unexpected failure!";
        };
    }

    @Override
    public Map<String, Object> registered(GetentArgs a, Planned planned, ExecResult last) {
        GetentQuery.Answer answer = (GetentQuery.Answer) planned.predicted().get(0).value();
        Map<String, Object> tree = new LinkedHashMap<>();
        if (answer.exitCode() == 0) {
            Map<String, Integer> seen = new LinkedHashMap<>();
            for (String line : answer.lines()) {
                List<String> record = split(line, a.split());
                String key = record.get(0);
                List<String> rest = new ArrayList<>(record.subList(1, record.size()));
                Integer n = seen.get(key);
                if (n == null) {
                    tree.put(key, rest);
                    seen.put(key, 1);
                    continue;
                }
                // A key seen again (hosts with several addresses): its value becomes a list of records, as in getent.py.
                if (n == 1) tree.put(key, new ArrayList<>(List.of(tree.get(key))));
                @SuppressWarnings("unchecked")
                List<Object> all = (List<Object>) tree.get(key);
                all.add(rest);
                seen.put(key, n + 1);
            }
        } else {
            tree.put(a.key(), null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("getent_" + a.database(), tree);
        out.put("ansible_facts", facts);
        if (answer.exitCode() != 0) out.put("msg", message(answer.exitCode()));
        return out;
    }

    /** Python's {@code str.split(sep)}; with no separator, runs of whitespace split and ends are trimmed. */
    static List<String> split(String line, String sep) {
        if (sep == null) {
            String t = line.strip();
            return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
        }
        List<String> out = new ArrayList<>();
        int at = 0;
        for (int i; (i = line.indexOf(sep, at)) >= 0; at = i + sep.length()) out.add(line.substring(at, i));
        out.add(line.substring(at));
        return out;
    }
}
