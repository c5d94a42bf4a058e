package dev.opsctl.module;

import dev.opsctl.python.PyRegex;
import java.util.regex.Matcher;

/** A module argument that is a Python regular expression or replacement: python/PyRegex runs it, errors name the argument. */
public final class RegexArg {
    private RegexArg() {}

    /** A str pattern (replace, find, assemble): Unicode classes, as Python 3 compiles a str. */
    public static PyRegex text(String argument, String pattern, int flags) {
        try {
            return PyRegex.compile(pattern, flags);
        } catch (PyRegex.Invalid e) {
            throw new ArgException("argument '" + argument + "': " + e.getMessage());
        }
    }

    /** A bytes pattern (lineinfile, blockinfile compile {@code to_bytes(regexp)}), on Latin-1 text: ASCII classes. */
    public static PyRegex bytes(String argument, String pattern) {
        try {
            return PyRegex.compileBytes(pattern, 0);
        } catch (PyRegex.Invalid e) {
            throw new ArgException("argument '" + argument + "': " + e.getMessage());
        }
    }

    /** {@code match.expand(template)}, a bad group reference or escape named as an error of {@code argument}. */
    public static String expand(String argument, PyRegex re, Matcher m, String template) {
        try {
            return re.expand(m, template);
        } catch (PyRegex.Invalid e) {
            throw new ArgException("argument '" + argument + "': " + e.getMessage());
        }
    }

    /** {@code re.subn(regexp, replace, s)}, a bad replacement named as an error of {@code argument}. */
    public static PyRegex.Substitution subn(String argument, PyRegex re, String s, String replacement) {
        try {
            return re.subn(s, replacement, 0);
        } catch (PyRegex.Invalid e) {
            throw new ArgException("argument '" + argument + "': " + e.getMessage());
        }
    }
}
