package dev.opsctl.module.template;

import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.files.FileContentModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.Validation;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.transport.Payload;
import dev.opsctl.module.files.SelinuxContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Ansible's {@code template}: a controller template rendered with the host's variables, written to {@code dest}. */
public final class TemplateModule extends FileContentModule {
    @Override
    public String name() {
        return "template";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("src", "dest", "backup", "force", "mode", "owner", "group", "validate").require("src", "dest"));
    }

    @Override
    public FileContent parse(Args args, ModuleContext ctx) {
        String src = args.requiredString("src");
        String dest = args.requiredString("dest");
        byte[] rendered = ctx.renderTemplate(src).getBytes(StandardCharsets.UTF_8);
        return new FileContent(dest, Payload.of(rendered), FileWrite.basename(src), FileAttrs.parse(args),
                args.bool("backup", false), args.bool("force", true), Validation.parse(args), ctx.diffWanted());
    }
}
