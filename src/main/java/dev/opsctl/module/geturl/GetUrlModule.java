package dev.opsctl.module.geturl;

import dev.opsctl.transport.Payload;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.AttributeFix;
import dev.opsctl.module.files.ContentDiff;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.module.files.SelinuxContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code get_url}, with the download made by the controller: hosts need no HTTP client, and a file many
 * hosts need is fetched once. The content then goes up as copy's does (atomic write, mode and owner set first).
 * The plan downloads only when it must: a missing file, {@code force}, or a file whose checksum differs.
 */
public final class GetUrlModule implements HostModule<GetUrlModule.GetUrlArgs> {
    /** Typed arguments; {@code checksum} is null when not given. */
    public record GetUrlArgs(Downloads.Request request, String dest, Checksum checksum, FileAttrs attrs, boolean force, boolean backup,
                             boolean diff) {
        /** Where the file goes when {@code dest} turns out to be a directory. */
        String inside() {
            return (dest.endsWith("/") ? dest : dest + "/") + request.fileName();
        }
    }

    private final Downloads downloads;

    public GetUrlModule(Downloads downloads) {
        this.downloads = downloads;
    }

    @Override
    public String name() {
        return "get_url";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("url", "dest", "checksum", "force", "headers", "timeout", "backup", "validate_certs", "mode", "owner", "group")
                .require("url", "dest"));
    }

    @Override
    public GetUrlArgs parse(Args args, ModuleContext ctx) {
        if (!args.bool("validate_certs", true)) throw new ArgException("argument 'validate_certs': false is not supported; certificates are always checked");
        Map<String, String> headers = headers(args.raw("headers"));
        Integer t = GroupModule.integer(args, "timeout");
        int timeout = t == null ? 10 : t;
        String checksum = args.string("checksum");
        // A trailing '/' only says "a directory", which the host's facts tell anyway.
        String dest = args.requiredString("dest").replaceAll("(?<=.)/+$", "");
        return new GetUrlArgs(Downloads.Request.of(args.requiredString("url"), headers, timeout), dest,
                checksum == null || checksum.isEmpty() ? null : Checksum.parse(checksum, headers, timeout),
                FileAttrs.parse(args), args.bool("force", false), args.bool("backup", false), ctx.diffWanted());
    }

    /** A YAML mapping, or Ansible's older {@code "Key: value, Key2: value"} string form. */
    static Map<String, String> headers(Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        if (raw instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            return out;
        }
        for (String pair : String.valueOf(raw).split(",")) {
            if (pair.isBlank()) continue;
            int colon = pair.indexOf(':');
            if (colon < 0) throw new ArgException("argument 'headers': expected 'Name: value' pairs, got '" + pair.strip() + "'");
            out.put(pair.substring(0, colon).strip(), pair.substring(colon + 1).strip());
        }
        return out;
    }

    @Override
    public List<FactQuery<?>> facts(GetUrlArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(List.of(new FileQuery(a.dest(), true), new FileQuery(FileWrite.parent(a.dest()), false),
                new FileQuery(a.inside(), true)));
        if (a.checksum() != null) {
            q.add(new ChecksumQuery(a.dest(), a.checksum().algorithm()));
            q.add(new ChecksumQuery(a.inside(), a.checksum().algorithm()));
        }
        return q;
    }

    @Override
    public Planned plan(GetUrlArgs a, Facts facts) {
        String target = facts.get(new FileQuery(a.dest(), true)).is(FileState.Kind.DIRECTORY) ? a.inside() : a.dest();
        FileState current = facts.get(new FileQuery(target, true));
        String summary = "file " + target;
        if (current instanceof FileState.Present p && p.kind() == FileState.Kind.FILE && !a.force()) {
            if (a.checksum() == null) return AttributeFix.plan(target, p, a.attrs(), summary, "already exists (force=no)");
            String expected = a.checksum().expected(downloads, a.request().fileName());
            if (expected.equals(facts.get(new ChecksumQuery(target, a.checksum().algorithm())))) {
                return AttributeFix.plan(target, p, a.attrs(), summary, "already exists with " + a.checksum().algorithm() + " " + expected);
            }
        }
        if (!current.exists() && !facts.get(new FileQuery(FileWrite.parent(target), false)).is(FileState.Kind.DIRECTORY)) {
            throw new PlanException("Destination " + FileWrite.parent(target) + " does not exist");
        }
        Payload content = downloads.file(a.request());
        if (a.checksum() != null) {
            String expected = a.checksum().expected(downloads, a.request().fileName());
            String got = a.checksum().digest(content);
            if (!expected.equals(got)) {
                throw new PlanException("The checksum for " + a.request().url() + " did not match " + expected + "; it was " + got + ".");
            }
        }
        // A diff reads the download whole (up to ContentDiff's limit): only where one is shown or kept.
        Planned write = new FileContent(target, content, null, a.attrs(), a.backup(), true, null, a.diff()).plan(facts);
        List<String> details = new ArrayList<>();
        if (!(current instanceof FileState.Present p) || !ContentDiff.same(p, content)) details.add("download " + a.request().url());
        details.addAll(write.change().details());
        return new Planned(new Change(write.change().action(), summary, details, write.change().diff(), write.change().steps()),
                write.predicted());
    }

    @Override
    public Map<String, Object> registered(GetUrlArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>(FileContent.registered(planned.change().summary().substring("file ".length()), last));
        out.put("url", a.request().url().toString());
        return out;
    }
}
