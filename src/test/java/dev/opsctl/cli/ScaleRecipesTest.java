package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import groovy.lang.GroovyShell;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The sharding recipes in examples/scale, checked as their engines read them: the GitHub workflow against SchemaStore's
 * github-workflow schema (vendored, src/test/resources/schemas), the Kubernetes manifest for what makes it an Indexed
 * Job that {@code --shard auto} understands, the Jenkinsfile by Groovy's parser; every shell step through
 * {@code bash -n} and every opsctl command line through opsctl's own option parser.
 */
class ScaleRecipesTest {
    private static final Path SCALE = Path.of("examples/scale");

    private static Object yaml(String file) throws Exception {
        return new Yaml().load(Files.readString(SCALE.resolve(file)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitHubWorkflowIsValidAgainstItsSchemaAndMergesEveryShardOfTheMatrix() throws Exception {
        Map<Object, Object> wf = (Map<Object, Object>) yaml("github-actions.yml");
        // YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
        Map<String, Object> top = new LinkedHashMap<>();
        wf.forEach((k, v) -> top.put(Boolean.TRUE.equals(k) ? "on" : (String) k, v));
        Schema schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/github-workflow.json")) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
        }
        String json = new ObjectMapper().writeValueAsString(top);
        assertThat(schema.validate(json, InputFormat.JSON)).isEmpty();
        // The schema can fail: a job without runs-on or uses is refused.
        Map<String, Object> broken = new LinkedHashMap<>(top);
        Map<String, Object> jobs = new LinkedHashMap<>((Map<String, Object>) top.get("jobs"));
        Map<String, Object> merge = new LinkedHashMap<>((Map<String, Object>) jobs.get("merge"));
        merge.remove("runs-on");
        jobs.put("merge", merge);
        broken.put("jobs", jobs);
        assertThat(schema.validate(new ObjectMapper().writeValueAsString(broken), InputFormat.JSON)).isNotEmpty();

        Map<String, Map<String, Object>> all = (Map<String, Map<String, Object>>) top.get("jobs");
        List<Object> shards = (List<Object>) ((Map<String, Object>) ((Map<String, Object>) all.get("plan").get("strategy")).get("matrix")).get("shard");
        assertThat(shards).containsExactly(1, 2, 3, 4);
        assertThat((List<String>) all.get("merge").get("needs")).contains("plan");
        List<String> scripts = new ArrayList<>();
        for (var job : all.values()) {
            for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
                if (step.containsKey("run")) scripts.add((String) step.get("run"));
            }
        }
        String text = String.join("\n", scripts);
        assertThat(text).contains("--shard ${{ matrix.shard }}/" + shards.size()).contains("opsctl show --merge out/shard-*.json")
                .contains(">> \"$GITHUB_STEP_SUMMARY\"");
        // As the runner's shell sees them: GitHub substitutes ${{ }} first.
        for (String s : scripts) CiRecipesTest.bashSyntax(s.replaceAll("\\$\\{\\{[^}]*}}", "X"));
        assertThat(opsctlLines(text.replaceAll("\\$\\{\\{[^}]*}}", "X"))).isEqualTo(3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesManifestIsAnIndexedJobWhosePodsRunShardAuto() throws Exception {
        Map<String, Object> job = (Map<String, Object>) yaml("kubernetes-job.yml");
        assertThat(job).containsEntry("apiVersion", "batch/v1").containsEntry("kind", "Job");
        Map<String, Object> spec = (Map<String, Object>) job.get("spec");
        assertThat(spec).containsEntry("completionMode", "Indexed");
        int completions = (Integer) spec.get("completions");
        assertThat(completions).isPositive();
        assertThat(spec.get("parallelism")).isEqualTo(completions);
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) spec.get("template")).get("spec");
        assertThat(pod.get("restartPolicy")).isIn("Never", "OnFailure");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        assertThat(containers).hasSize(1);
        Map<String, Object> c = containers.get(0);
        List<String> args = (List<String>) c.get("args");
        assertThat(args).contains("--shard=auto");
        new CommandLine(new OpsctlCommand()).parseArgs(args.toArray(String[]::new));
        // JOB_COMPLETION_INDEX comes from Kubernetes; the count must be passed on, and equal completions.
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) c.get("env")) env.put((String) e.get("name"), String.valueOf(e.get("value")));
        assertThat(env).containsEntry("JOB_COMPLETIONS", String.valueOf(completions)).doesNotContainKey("JOB_COMPLETION_INDEX");
        // The key and known_hosts come from a Secret mounted where the args point.
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) c.get("volumeMounts")) mounts.put((String) m.get("name"), (String) m.get("mountPath"));
        Map<String, Object> volume = ((List<Map<String, Object>>) pod.get("volumes")).stream().filter(v -> v.containsKey("secret")).findFirst().orElseThrow();
        String dir = mounts.get((String) volume.get("name"));
        assertThat(args).contains("--private-key=" + dir + "/id_ed25519", "--known-hosts=" + dir + "/known_hosts");
        String dockerfile = Files.readString(SCALE.resolve("Dockerfile"));
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre").contains("ADD opsctl-*.tar.gz")
                .containsPattern("(?m)^ENTRYPOINT \\[\"opsctl\"]").doesNotContain("id_ed25519");
    }

    @Test
    void theJenkinsfileParsesAsGroovyAndRunsEveryShardInParallel() throws Exception {
        String jenkinsfile = Files.readString(SCALE.resolve("Jenkinsfile"));
        new GroovyShell().parse(jenkinsfile, "Jenkinsfile");
        assertThat(jenkinsfile).containsPattern("pipeline \\{\\s+agent none").contains("parallel branches")
                .contains("--shard ${shard}/${SHARDS}").contains("opsctl show --merge out/shard-*.json");
        String apply = jenkinsfile.substring(jenkinsfile.indexOf("stage('Apply shards')"));
        assertThat(apply.indexOf("input {")).isPositive().isLessThan(apply.indexOf("perShard"));
        assertThat(opsctlLines(jenkinsfile)).isEqualTo(3);
    }

    /** Parses every opsctl command line of {@code text} with opsctl's own options; returns how many there were. */
    private static int opsctlLines(String text) {
        Matcher m = Pattern.compile("(?:^|[\\s/])opsctl ((?:plan|apply|show|validate) (?:[^\\n]*\\\\\\n)*[^\\n]*)", Pattern.MULTILINE)
                .matcher(text);
        int found = 0;
        while (m.find()) {
            List<String> args = CiRecipesTest.words(m.group(1));
            new CommandLine(new OpsctlCommand()).parseArgs(args.toArray(String[]::new));
            found++;
        }
        return found;
    }
}
