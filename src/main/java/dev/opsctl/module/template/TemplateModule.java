package dev.opsctl.module.template;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Ansible's {@code template}: a controller template rendered with the host's variables, written to {@code dest}. */
public final class TemplateModule implements HostModule<TemplateModule.TemplateArgs> {
    /** Typed template arguments: the rendered file and where it goes. */
    public record TemplateArgs(String src, FileContent file) {}

    @Override
    public String name() {
        return "template";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("src", "dest", "backup", "force", "mode", "owner", "group").require("src", "dest");
    }

    @Override
    public TemplateArgs parse(Args args, ModuleContext ctx) {
        String src = args.requiredString("src");
        String dest = args.requiredString("dest");
        byte[] rendered = ctx.renderTemplate(src).getBytes(StandardCharsets.UTF_8);
        return new TemplateArgs(src, new FileContent(dest, rendered, FileWrite.basename(src), FileAttrs.parse(args),
                args.bool("backup", false), args.bool("force", true)));
    }

    @Override
    public List<FactQuery<?>> facts(TemplateArgs args) {
        return args.file().facts();
    }

    @Override
    public Planned plan(TemplateArgs args, Facts facts) {
        return args.file().plan(facts);
    }

    @Override
    public Map<String, Object> registered(TemplateArgs args, Planned planned, ExecResult last) {
        return FileContent.registered(args.file().dest(), last);
    }
}
