package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyShell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * The CI recipes in examples/ci, read as their CI would: the GitHub workflow and the GitLab jobs with the keys their
 * documentation defines, the Jenkinsfile by Groovy's parser; every shell step through {@code bash -n}; every opsctl
 * command line through opsctl's own option parser; and each builds or fetches the release, not opsctl's source tree.
 */
class CiRecipesTest {
    private static final Path CI = Path.of("examples/ci");

    // docs.github.com, "Workflow syntax for GitHub Actions".
    private static final Set<String> WORKFLOW_KEYS = Set.of("name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs");
    private static final Set<String> JOB_KEYS = Set.of("name", "permissions", "needs", "if", "runs-on", "environment", "concurrency",
            "outputs", "env", "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error", "container", "services", "uses",
            "with", "secrets");
    private static final Set<String> STEP_KEYS = Set.of("id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env",
            "continue-on-error", "timeout-minutes");
    private static final Set<String> PERMISSION_SCOPES = Set.of("actions", "attestations", "checks", "contents", "deployments", "id-token",
            "issues", "discussions", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses");
    // docs.gitlab.com, "CI/CD YAML syntax reference".
    private static final Set<String> GITLAB_GLOBAL_KEYS = Set.of("stages", "variables", "default", "include", "workflow");
    private static final Set<String> GITLAB_JOB_KEYS = Set.of("stage", "image", "script", "before_script", "after_script", "artifacts",
            "cache", "needs", "rules", "environment", "extends", "variables", "when", "tags", "dependencies", "allow_failure", "timeout",
            "retry", "services", "coverage", "interruptible", "resource_group", "parallel");

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> yaml(String file) throws Exception {
        return (Map<Object, Object>) new Yaml().load(Files.readString(CI.resolve(file)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitHubWorkflowHasOnlyDocumentedKeysAndThePermissionsItsStepsNeed() throws Exception {
        Map<Object, Object> wf = yaml("github-actions.yml");
        // YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
        Map<String, Object> top = new LinkedHashMap<>();
        wf.forEach((k, v) -> top.put(Boolean.TRUE.equals(k) ? "on" : (String) k, v));
        assertThat(top.keySet()).isSubsetOf(WORKFLOW_KEYS).contains("on", "jobs", "permissions");
        Map<String, String> permissions = (Map<String, String>) top.get("permissions");
        assertThat(permissions.keySet()).isSubsetOf(PERMISSION_SCOPES);
        assertThat(permissions.values()).allMatch(v -> Set.of("read", "write", "none").contains(v));
        // mikepenz/action-junit-report publishes a check run.
        assertThat(permissions).containsEntry("checks", "write").containsEntry("contents", "read");

        Map<String, Map<String, Object>> jobs = (Map<String, Map<String, Object>>) top.get("jobs");
        List<String> scripts = new ArrayList<>();
        boolean cached = false;
        for (var job : jobs.entrySet()) {
            Map<String, Object> j = job.getValue();
            assertThat(j.keySet()).as(job.getKey()).isSubsetOf(JOB_KEYS).contains("runs-on", "steps");
            Object needs = j.get("needs");
            List<String> needed = needs == null ? List.of() : needs instanceof List<?> l ? (List<String>) l : List.of((String) needs);
            assertThat(jobs.keySet()).as(job.getKey() + " needs").containsAll(needed);
            for (Map<String, Object> step : (List<Map<String, Object>>) j.get("steps")) {
                assertThat(step.keySet()).as(job.getKey() + " step " + step).isSubsetOf(STEP_KEYS);
                assertThat(step.containsKey("uses") ^ step.containsKey("run")).as("uses or run: " + step).isTrue();
                if (step.containsKey("run")) scripts.add((String) step.get("run"));
                if (String.valueOf(step.get("uses")).startsWith("actions/cache@")) cached = true;
            }
        }
        assertThat(cached).as("the release build is cached").isTrue();
        for (String script : scripts) bashSyntax(script.replaceAll("\\$\\{\\{[^}]*}}", "X"));
        checkRelease(String.join("\n", scripts), 2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGitLabJobsHaveStagesScriptsAndNeedsThatExist() throws Exception {
        Map<Object, Object> ci = yaml("gitlab-ci.yml");
        List<String> stages = (List<String>) ci.get("stages");
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        ci.forEach((k, v) -> {
            if (!GITLAB_GLOBAL_KEYS.contains((String) k)) jobs.put((String) k, (Map<String, Object>) v);
        });
        List<String> scripts = new ArrayList<>();
        for (var job : jobs.entrySet()) {
            Map<String, Object> j = job.getValue();
            assertThat(j.keySet()).as(job.getKey()).isSubsetOf(GITLAB_JOB_KEYS);
            if (j.containsKey("extends")) assertThat(jobs).containsKey((String) j.get("extends"));
            List<String> lines = new ArrayList<>();
            for (String part : List.of("before_script", "script")) {
                if (j.containsKey(part)) lines.addAll((List<String>) j.get(part));
            }
            scripts.add(String.join("\n", lines));
            if (job.getKey().startsWith(".")) continue;   // a hidden job: a template for extends
            assertThat(stages).as(job.getKey() + " stage").contains((String) j.get("stage"));
            assertThat(j).as(job.getKey()).containsKey("script");
            for (String need : (List<String>) j.getOrDefault("needs", List.of())) assertThat(jobs).containsKey(need);
        }
        for (String script : scripts) bashSyntax(script);
        checkRelease(String.join("\n", scripts), 2);
    }

    @Test
    void theJenkinsfileParsesAsGroovyDeclaresMavenAndWaitsWithoutAnExecutor() throws Exception {
        String jenkinsfile = Files.readString(CI.resolve("Jenkinsfile"));
        new GroovyShell().parse(jenkinsfile, "Jenkinsfile");
        assertThat(jenkinsfile).containsPattern("pipeline \\{\\s+agent none").contains("maven 'maven3'");
        // The Apply stage asks its input at stage level, before `agent any`: no executor is held while waiting.
        String apply = jenkinsfile.substring(jenkinsfile.indexOf("stage('Apply')"));
        assertThat(apply.indexOf("input {")).isPositive().isLessThan(apply.indexOf("agent any"));
        assertThat(apply).contains("beforeInput true");
        checkRelease(jenkinsfile, 2);
    }

    /** No recipe runs opsctl from a source checkout; each opsctl line is one opsctl parses. */
    private static void checkRelease(String text, int expectedCommands) {
        assertThat(text).doesNotContainPattern("(^|[\\s'\"])bin/opsctl ").contains("opsctl-*.tar.gz");
        Matcher m = Pattern.compile("(?:^|[\\s/])opsctl ((?:plan|apply|show|validate) (?:[^\\n]*\\\\\\n)*[^\\n]*)", Pattern.MULTILINE)
                .matcher(text);
        int found = 0;
        while (m.find()) {
            List<String> args = words(m.group(1));
            new CommandLine(new OpsctlCommand()).parseArgs(args.toArray(String[]::new));
            found++;
        }
        assertThat(found).isEqualTo(expectedCommands);
    }

    /** Shell words up to the first redirection or list operator, quotes removed, continuation lines joined. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.replace("\\\n", " ").trim().split("\\s+")) {
            if (w.startsWith(">") || w.equals("||") || w.equals("&&") || w.endsWith(";") || w.equals("'''")) break;
            out.add(w.replaceAll("[\"']", ""));
        }
        return out;
    }

    static void bashSyntax(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(script + "\n" + out).isZero();
    }
}
