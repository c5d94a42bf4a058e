package dev.opsctl.cli;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.json.Json;
import dev.opsctl.playbook.KeyValues;
import dev.opsctl.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options of every command that runs a playbook: what to run, where, with which variables and tags. */
public final class PlaybookOptions {
    @Parameters(index = "0", paramLabel = "PLAYBOOK", description = "The playbook (YAML).")
    Path playbook;

    @Mixin
    InventoryOptions inventory = new InventoryOptions();

    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", description = "Narrow the plays' hosts to this pattern.")
    String limit;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VARS",
            description = "Variables: k=v, a JSON/YAML mapping, or @file; repeatable; highest precedence.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-t", "--tags"}, split = ",", paramLabel = "TAGS", description = "Only tasks with these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", paramLabel = "TAGS", description = "Leave out tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-b", "--become"}, description = "Run tasks with become (sudo) unless a play or task says otherwise.")
    boolean become;

    @Option(names = {"-v", "--verbose"}, description = "More output: unchanged and skipped tasks; -vvv shows stack traces.")
    boolean[] verbose = new boolean[0];

    /** The {@code -e} variables, merged in order. */
    Map<String, Object> extraVars() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String e : extraVars) out.putAll(parseExtraVars(e));
        return out;
    }

    static Map<String, Object> parseExtraVars(String e) {
        Source at = Source.of("--extra-vars " + e);
        String text = e.strip();
        if (text.startsWith("@")) {
            Path file = Path.of(text.substring(1));
            if (!Files.isRegularFile(file)) throw new InputException(at, "no such file: " + file);
            return mapping(YamlFile.read(file, file.toString()).root(), Source.of(file.toString()));
        }
        if (text.startsWith("{")) {
            return mapping(YamlFile.parse(text, "--extra-vars").root(), at);
        }
        try {
            return new LinkedHashMap<>(KeyValues.parse(text, false, Set.of()));
        } catch (IllegalArgumentException ex) {
            throw new InputException(at, ex.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object root, Source at) {
        if (root == null) return Map.of();
        if (!(root instanceof Map<?, ?>)) throw new InputException(at, "extra vars must be a mapping, got " + Json.write(root));
        return new LinkedHashMap<>((Map<String, Object>) root);
    }

    int verbosity() {
        return verbose.length;
    }
}
