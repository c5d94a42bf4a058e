package dev.opsctl.module.copy;

import dev.opsctl.module.ArgException;
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

/** Ansible's {@code copy}: a controller file ({@code src}) or inline {@code content} written to {@code dest}. */
public final class CopyModule extends FileContentModule {
    @Override
    public String name() {
        return "copy";
    }

    @Override
    public ArgSpec spec() {
        return SelinuxContext.accepting(ArgSpec.of("src", "content", "dest", "backup", "force", "mode", "owner", "group", "decrypt", "validate").require("dest"));
    }

    @Override
    public FileContent parse(Args args, ModuleContext ctx) {
        String dest = args.requiredString("dest");
        String src = args.string("src");
        boolean hasContent = args.has("content");
        if (src != null && hasContent) throw new ArgException("src and content are mutually exclusive");
        if (src == null && !hasContent) throw new ArgException("src (or content) is required");
        Payload bytes;
        String basename = null;
        if (hasContent) {
            Object c = args.raw("content");
            // Ansible would write a YAML mapping or list as JSON; we do not guess its exact formatting.
            if (c instanceof Map || c instanceof List) throw new ArgException("argument 'content' must be a string");
            bytes = Payload.of(args.string("content").getBytes(StandardCharsets.UTF_8));
        } else {
            if (src.endsWith("/")) throw new ArgException("argument 'src': copying a directory (" + src + ") is not supported; give a file");
            bytes = ctx.readPayload(src, args.bool("decrypt", true));
            basename = FileWrite.basename(src);
        }
        return new FileContent(dest, bytes, basename, FileAttrs.parse(args),
                args.bool("backup", false), args.bool("force", true), Validation.parse(args), ctx.diffWanted());
    }
}
