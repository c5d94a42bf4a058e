package dev.opsctl.module.files;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.Planned;
import dev.opsctl.transport.ExecResult;
import java.util.List;
import java.util.Map;

/** A module that writes one file's content ({@code copy}, {@code template}): only where the content comes from differs. */
public abstract class FileContentModule implements HostModule<FileContent> {
    @Override
    public List<FactQuery<?>> facts(FileContent file) {
        return file.facts();
    }

    @Override
    public Planned plan(FileContent file, Facts facts) {
        return file.plan(facts);
    }

    @Override
    public Map<String, Object> registered(FileContent file, Planned planned, ExecResult last) {
        return FileContent.registered(file.dest(), last);
    }
}
