package dev.opsctl.module.copy;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileContent;
import dev.opsctl.module.files.HostFileCopy;
import dev.opsctl.transport.ExecResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's {@code copy} as registered: {@code remote_src: true} copies a file already on the host
 * ({@link HostFileCopy}); everything else is {@link CopyModule}'s upload from the controller.
 */
public final class CopyWithRemoteSrc implements HostModule<CopyWithRemoteSrc.CopyTask> {
    /** One copy task: an upload from the controller, or a copy on the host. */
    public sealed interface CopyTask permits Upload, OnHost {}

    public record Upload(FileContent file) implements CopyTask {}

    public record OnHost(HostFileCopy copy) implements CopyTask {}

    private final CopyModule upload;

    public CopyWithRemoteSrc(CopyModule upload) {
        this.upload = upload;
    }

    @Override
    public String name() {
        return upload.name();
    }

    @Override
    public ArgSpec spec() {
        ArgSpec s = upload.spec();
        Set<String> names = new LinkedHashSet<>(s.names());
        names.add("remote_src");
        return new ArgSpec(names, s.required(), s.freeForm(), s.open());
    }

    @Override
    public CopyTask parse(Args args, ModuleContext ctx) {
        if (args.bool("remote_src", false)) return new OnHost(HostFileCopy.parse(args));
        return new Upload(upload.parse(args, ctx));
    }

    @Override
    public List<FactQuery<?>> facts(CopyTask task) {
        return task instanceof OnHost h ? h.copy().facts() : upload.facts(((Upload) task).file());
    }

    @Override
    public Planned plan(CopyTask task, Facts facts) {
        return task instanceof OnHost h ? h.copy().plan(facts) : upload.plan(((Upload) task).file(), facts);
    }

    @Override
    public Map<String, Object> registered(CopyTask task, Planned planned, ExecResult last) {
        return task instanceof OnHost h ? h.copy().registered(planned) : upload.registered(((Upload) task).file(), planned, last);
    }
}
