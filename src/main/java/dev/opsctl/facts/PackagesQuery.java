package dev.opsctl.facts;

import dev.opsctl.facts.InstalledPackages.InstalledPackage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every package in the host's dpkg and rpm databases, with versions: one query answers all package tasks of a play
 * (and {@code package_facts}), so asking about many names costs one listing, not a process per name. dpkg-query
 * lists ~800 packages in about 10 ms.
 */
public record PackagesQuery() implements FactQuery<InstalledPackages> {
    public static final PackagesQuery INSTANCE = new PackagesQuery();

    @Override
    public String key() {
        return "packages";
    }

    @Override
    public String script() {
        // ${db:Status-Abbrev} is "ii " for installed, "rc " for removed with configuration files left.
        return "if command -v dpkg-query >/dev/null 2>&1; then echo @dpkg; "
                + "dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\n'; fi\n"
                + "if command -v rpm >/dev/null 2>&1; then echo @rpm; "
                + "rpm -qa --qf 'ii \\t%{NAME}\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\n'; fi";
    }

    @Override
    public InstalledPackages parse(String output) {
        Map<String, List<InstalledPackage>> dpkg = new LinkedHashMap<>();
        Map<String, List<InstalledPackage>> rpm = new LinkedHashMap<>();
        Map<String, List<InstalledPackage>> into = null;
        for (String line : output.split("\n")) {
            if (line.equals("@dpkg")) into = dpkg;
            else if (line.equals("@rpm")) into = rpm;
            else if (into != null) {
                String[] f = line.split("\t", -1);
                if (f.length < 4 || f[1].isEmpty()) continue;
                String status = f[0].strip();
                // Only installed ("ii", or "hi" when held) and config-files ("rc") entries count; "un" is a name dpkg forgot.
                boolean installed = status.length() >= 2 && status.charAt(1) == 'i';
                if (!installed && (status.length() < 2 || status.charAt(1) != 'c')) continue;
                String version = into == rpm && f[2].startsWith("0:") ? f[2].substring(2) : f[2];
                into.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new InstalledPackage(f[1], version, f[3], installed));
            }
        }
        return new InstalledPackages(dpkg, rpm);
    }
}
