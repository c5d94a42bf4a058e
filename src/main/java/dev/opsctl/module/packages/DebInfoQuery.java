package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/** The package name and version inside a .deb file on the host ({@code dpkg-deb -f}), or null when it is no readable .deb. */
record DebInfoQuery(String path) implements FactQuery<DebInfoQuery.DebInfo> {
    /** What a .deb installs. */
    record DebInfo(String name, String version) {}

    @Override
    public String key() {
        return "deb:" + path;
    }

    @Override
    public String script() {
        return Shell.command("dpkg-deb", "-f", Shell.operand(path), "Package", "Version");
    }

    @Override
    public DebInfo parse(String output) {
        String name = null;
        String version = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("Package:")) name = line.substring(8).strip();
            if (line.startsWith("Version:")) version = line.substring(8).strip();
        }
        return name == null || version == null ? null : new DebInfo(name, version);
    }
}
