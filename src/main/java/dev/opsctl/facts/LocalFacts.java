package dev.opsctl.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opsctl.python.PyConfigParser;
import dev.opsctl.transport.Shell;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ansible's local facts ({@code ansible_local}): each {@code FACT_PATH/*.fact} file, by its name without
 * {@code .fact}; an executable one is run and its output read, any other read; the text is JSON, else INI (Python's
 * ConfigParser), else an error message in its place, as Ansible's LocalFactCollector does it.
 */
final class LocalFacts {
    /** The default of setup's {@code fact_path}. */
    static final String DEFAULT_PATH = "/etc/ansible/facts.d";
    /** json.loads: NaN and Infinity are numbers, and a second value after the first is an error. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private LocalFacts() {}

    /**
     * A snippet printing one {@code localfact=NAME KIND RC CONTENT} line per fact file, name and content in hex (a fact's
     * text may hold any line). An executable runs with no standard input: the batch's script must stay unread.
     */
    static String script(String factPath) {
        return "_fp=" + Shell.quote(factPath) + "\n" + """
                if [ -e "$_fp" ]; then for _f in "$_fp"/*.fact; do [ -e "$_f" ] || continue
                _n=$(printf '%s' "${_f##*/}" | od -An -v -tx1 | tr -d ' \\n')
                case $(ls -ldL "$_f" 2>/dev/null) in
                ???[xs]*) { _e=$( { _o=$("$_f" </dev/null); _r=$?; printf 'localfact=%s exec %s %s\\n' "$_n" "$_r" \\
                "$(printf '%s' "$_o" | od -An -v -tx1 | tr -d ' \\n')" >&3; } 2>&1; printf x); } 3>&1
                printf 'localerr=%s %s\\n' "$_n" "$(printf '%s' "${_e%x}" | od -An -v -tx1 | tr -d ' \\n')" ;;
                *) printf 'localfact=%s file 0 %s\\n' "$_n" "$(od -An -v -tx1 <"$_f" 2>/dev/null | tr -d ' \\n')" ;; esac
                done; fi
                """;
    }

    /**
     * The {@code localfact=} lines (and the {@code localerr=} lines: what a script wrote on standard error) as
     * {@code ansible_local}'s value, by fact name in the order Python's sorted glob gives; null when Ansible would have
     * none.
     */
    static Map<String, Object> parse(String factPath, List<String> lines, List<String> errors) {
        Map<String, String[]> byFile = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split(" ", 4);
            if (f.length < 3) continue;
            byFile.put(new String(hex(f[0]), StandardCharsets.UTF_8), f);
        }
        Map<String, String> stderr = new TreeMap<>();
        for (String line : errors) {
            String[] f = line.split(" ", 2);
            stderr.put(new String(hex(f[0]), StandardCharsets.UTF_8), new String(hex(f.length > 1 ? f[1] : ""), StandardCharsets.UTF_8));
        }
        Map<String, Object> local = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : byFile.entrySet()) {
            String file = e.getKey();
            String path = factPath + "/" + file;
            String[] f = e.getValue();
            boolean exec = f[1].equals("exec");
            try {
                local.put(file.replace(".fact", ""), fact(path, exec, f[2], hex(f.length > 3 ? f[3] : ""), stderr.getOrDefault(file, "")));
            } catch (PyConfigParser.InterpolationError unreadable) {
                // Ansible reads a value's '%' only after its guard around the INI read: the error ends the whole
                // collector, and the host has no ansible_local at all.
                return null;
            }
        }
        return local;
    }

    private static Object fact(String path, boolean exec, String rc, byte[] output, String err) throws PyConfigParser.InterpolationError {
        if (exec && !rc.equals("0")) return "Failure executing fact script (" + path + "), rc: " + rc + ", err: " + err;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(output)).toString();
        } catch (CharacterCodingException e) {
            return exec ? "error loading fact - output of running \"" + path + "\" was not utf-8" : "";
        }
        if (!exec) text = text.strip();
        if (!text.isBlank()) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (JsonProcessingException notJson) {
                // Ansible then reads it as INI.
            }
        }
        try {
            Map<String, Object> sections = new LinkedHashMap<>(PyConfigParser.read(text));
            return sections;
        } catch (PyConfigParser.Error e) {
            return "error loading facts as JSON or ini - please check content: " + path;
        }
    }

    private static byte[] hex(String s) {
        return s.isEmpty() ? new byte[0] : HexFormat.of().parseHex(s);
    }
}
