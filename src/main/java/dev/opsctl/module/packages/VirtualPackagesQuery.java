package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of {@code names} are pure virtual packages in the host's apt cache (no versions of their own, only other
 * packages that provide them), and the packages that provide each. Ansible's apt module counts such a name as
 * installed when exactly one package provides it and that one is installed (rubygems, provided by ruby), so a role
 * that names it settles. Only names dpkg does not have installed are looked up: a converged host pays one
 * dpkg-query, not apt-cache's third of a second.
 */
record VirtualPackagesQuery(List<String> names) implements FactQuery<Map<String, List<String>>> {
    VirtualPackagesQuery {
        names = List.copyOf(names);
    }

    @Override
    public String key() {
        return "virtual-packages:" + String.join(",", names);
    }

    @Override
    public String script() {
        List<String> quoted = names.stream().map(Shell::quote).toList();
        String list = String.join(" ", quoted);
        // ${db:Status-Abbrev} is "ii " for an installed package; the names left over go to apt-cache in one call.
        return "if command -v apt-cache >/dev/null 2>&1; then "
                + "_vp_have=\" $(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\\n' -- " + list
                + " 2>/dev/null | sed -n 's/^.i *//p' | tr '\\n' ' ') \"; set --; "
                + "for _vp in " + list + "; do case \"$_vp_have\" in *\" $_vp \"*) ;; *) set -- \"$@\" \"$_vp\";; esac; done; "
                + "if [ $# -gt 0 ]; then LC_ALL=C apt-cache showpkg -- \"$@\" 2>/dev/null; fi; fi; true";
    }

    /** apt-cache showpkg's sections: a package is virtual when "Versions:" lists nothing; "Reverse Provides:" its providers. */
    @Override
    public Map<String, List<String>> parse(String output) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String pkg = null;
        String section = null;
        boolean hasVersions = false;
        Set<String> providers = new LinkedHashSet<>();
        for (String line : (output + "\nPackage: \n").split("\n")) {
            if (line.startsWith("Package: ")) {
                if (pkg != null && !pkg.isEmpty() && !hasVersions && !providers.isEmpty()) out.put(pkg, new ArrayList<>(providers));
                pkg = line.substring("Package: ".length()).strip();
                section = null;
                hasVersions = false;
                providers = new LinkedHashSet<>();
            } else if (line.matches("[A-Z][A-Za-z ]*: ?")) {
                section = line.strip();
            } else if (!line.isBlank() && "Versions:".equals(section)) {
                hasVersions = true;
            } else if (!line.isBlank() && "Reverse Provides:".equals(section) && !line.startsWith(" ")) {
                providers.add(line.strip().split("\\s+", 2)[0]);
            }
        }
        return out;
    }
}
