package dev.opsctl.module.pamd;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.AttributeFix;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.TextFileEdit;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * community.general's {@code pamd}: rules of a PAM service file ({@code path}/{@code name}) matched by type, control
 * and module path, then removed ({@code state: absent}), changed ({@code updated}: new_type, new_control,
 * new_module_path, module_arguments) or stripped of arguments ({@code args_absent}). As pamd, a change writes the
 * whole file again (rules re-spaced, a {@code # Updated by Ansible - TIME} second line, TIME the controller's local
 * time when the task is read); no match is no change. {@code before}, {@code after} and {@code args_present} are not
 * built (args_present orders new arguments by Python's set order, which varies per run).
 */
public final class PamdModule implements HostModule<PamdModule.PamdArgs> {
    private static final FileAttrs NO_ATTRS = new FileAttrs(null, null, null);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    /** @param arguments module_arguments, or null when not given (pamd then leaves them as they are) */
    public record PamdArgs(String file, String state, String type, String control, String modulePath, String newType,
                           String newControl, String newModulePath, List<String> arguments, boolean backup, String mark) {}

    @Override
    public String name() {
        return "pamd";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "type", "control", "module_path", "new_type", "new_control", "new_module_path",
                "module_arguments", "state", "path", "backup").require("name", "type", "control", "module_path");
    }

    @Override
    public PamdArgs parse(Args args, ModuleContext ctx) {
        String state = args.choice("state", "updated", "absent", "after", "args_absent", "args_present", "before", "updated");
        if (List.of("before", "after", "args_present").contains(state)) {
            throw new ArgException("pamd state=" + state + " is not supported by opsctl (absent, updated and args_absent are)");
        }
        String type = type(args, "type");
        String newType = args.has("new_type") ? type(args, "new_type") : null;
        List<String> arguments = args.has("module_arguments") ? args.list("module_arguments") : null;
        if (state.equals("args_absent") && arguments == null) throw new ArgException("state is args_absent but all of the following are missing: module_arguments");
        String dir = args.string("path") == null ? "/etc/pam.d" : args.string("path");
        String file = dir.endsWith("/") ? dir + args.string("name") : dir + "/" + args.string("name");
        String now = LocalDateTime.now().format(ISO);
        return new PamdArgs(file, state, type, args.string("control"), args.string("module_path"), newType,
                args.string("new_control"), args.string("new_module_path"), arguments, args.bool("backup", false),
                "# Updated by Ansible - " + (now.endsWith(".000000") ? now.substring(0, now.length() - 7) : now));
    }

    private static String type(Args args, String name) {
        String t = args.string(name);
        if (!PamService.TYPES.contains(t)) {
            throw new ArgException("value of " + name + " must be one of: " + String.join(", ", PamService.TYPES) + ", got: " + t);
        }
        return t;
    }

    @Override
    public List<FactQuery<?>> facts(PamdArgs a) {
        return List.of(new FileQuery(a.file(), true));
    }

    @Override
    public Planned plan(PamdArgs a, Facts facts) {
        FileState current = facts.get(new FileQuery(a.file(), true));
        FileState.Present old = TextFileEdit.existing(name(), a.file(), current);
        if (old == null) throw new PlanException("Unable to open/read PAM module file " + a.file() + " (it does not exist)");
        PamService service = new PamService(new String(old.content(), StandardCharsets.UTF_8));
        int changes = edit(a, service);
        String invalid = service.invalid();
        if (invalid != null) throw new PlanException(invalid);
        if (changes == 0) return AttributeFix.plan(a.file(), old, NO_ATTRS, "file " + a.file(), "no matching rule to change");
        return TextFileEdit.rewrite(a.file(), current, old, service.render(a.mark()).getBytes(StandardCharsets.UTF_8), NO_ATTRS,
                a.backup(), changes + " rule(s) " + (a.state().equals("absent") ? "removed" : "changed"));
    }

    /** Applies the task to {@code service}; the number of rules changed (pamd's change_count). */
    static int edit(PamdArgs a, PamService service) {
        List<PamService.Line> matching = service.rules(a.type(), a.control(), a.modulePath());
        switch (a.state()) {
            case "absent" -> service.lines.removeAll(matching);
            case "args_absent" -> {
                List<String> remove = PamService.arguments(a.arguments());
                int n = 0;
                for (PamService.Line rule : matching) {
                    if (rule.args.stream().noneMatch(remove::contains)) continue;
                    rule.args = new ArrayList<>(rule.args.stream().filter(x -> !remove.contains(x)).toList());
                    n++;
                }
                return n;
            }
            default -> {
                List<String> newArgs = a.arguments() == null ? null : PamService.arguments(a.arguments());
                int n = 0;
                for (PamService.Line rule : matching) {
                    boolean changed = false;
                    if (a.newType() != null && !a.newType().isEmpty() && !rule.type.equals(a.newType())) {
                        rule.type = a.newType();
                        changed = true;
                    }
                    if (a.newControl() != null && !a.newControl().isEmpty() && !rule.control.equals(a.newControl())) {
                        rule.control = PamService.control(a.newControl());
                        changed = true;
                    }
                    if (a.newModulePath() != null && !a.newModulePath().isEmpty() && !rule.path.equals(a.newModulePath())) {
                        rule.path = a.newModulePath();
                        changed = true;
                    }
                    if (newArgs != null && !rule.args.equals(newArgs)) {
                        rule.args = new ArrayList<>(newArgs);
                        changed = true;
                    }
                    if (changed) n++;
                }
                return n;
            }
        }
        return matching.size();
    }

    @Override
    public Map<String, Object> registered(PamdArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>(FileContent.registered(a.file(), last));
        r.remove("dest");
        Object backup = r.remove("backup_file");
        r.put("backupdest", backup == null ? "" : backup);
        return r;
    }
}
