package dev.opsctl.facts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code ansible_python} and {@code ansible_python_version}: which Python the host has, as the
 * interpreter Ansible would discover there reports itself (module_utils/facts/system/python.py). Roles read it to
 * find version-specific paths ({@code /usr/lib/python3.N/EXTERNALLY-MANAGED}). opsctl never runs modules in Python;
 * it only asks the interpreter for its version, and a host without one simply has no such facts.
 */
final class PythonFacts {
    private PythonFacts() {}

    /**
     * The first interpreter of Ansible's discovery fallbacks that exists prints its version, implementation and
     * whether ssl has create_default_context (has_sslcontext); the executable comes last, as it may hold spaces.
     */
    static final String SCRIPT = """
            for _p in /usr/bin/python3 /usr/libexec/platform-python /usr/bin/python; do [ -x "$_p" ] || continue
            "$_p" -I -c 'import sys
            try:
                from ssl import create_default_context
                s = 1
            except ImportError:
                s = 0
            v = sys.version_info
            print("python=%d %d %d %s %d %s %d %s" % (v[0], v[1], v[2], v[3], v[4], sys.implementation.name, s, sys.executable))'
            break; done
            """;

    static void python(FactOutput out, Map<String, Object> facts) {
        String[] w = out.first("python").split(" ", 8);
        if (w.length < 8) return;
        Integer major = FactOutput.parseInt(w[0]);
        Integer minor = FactOutput.parseInt(w[1]);
        Integer micro = FactOutput.parseInt(w[2]);
        Integer serial = FactOutput.parseInt(w[4]);
        if (major == null || minor == null || micro == null || serial == null) return;
        // In python.py's order, so that a to_json of the fact reads as Ansible's.
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("major", major);
        version.put("minor", minor);
        version.put("micro", micro);
        version.put("releaselevel", w[3]);
        version.put("serial", serial);
        Map<String, Object> python = new LinkedHashMap<>();
        python.put("version", Collections.unmodifiableMap(version));
        python.put("version_info", List.of(major, minor, micro, w[3], serial));
        python.put("executable", w[7]);
        python.put("has_sslcontext", w[6].equals("1"));
        python.put("type", w[5]);
        facts.put("python", Collections.unmodifiableMap(python));
        facts.put("python_version", major + "." + minor + "." + micro);
    }
}
