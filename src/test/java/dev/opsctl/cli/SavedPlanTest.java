package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Saved plans on this machine through the command line: plan -o, apply FILE (refusing stale plans), show, markdown, JUnit. */
class SavedPlanTest {
    @TempDir
    Path dir;

    private Path pb;
    private Path root;

    @BeforeEach
    void playbook() throws Exception {
        root = dir.resolve("root");
        Files.createDirectories(root);
        Files.writeString(root.resolve("existing"), "keep=1\n");
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/app.conf.j2"), "port={{ port }}\n");
        pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  vars: {port: 80}
                  tasks:
                    - name: app conf
                      template: src=app.conf.j2 dest=ROOT/app.conf mode=0640
                    - name: setting
                      lineinfile: path=ROOT/existing line=added=1
                    - name: secret
                      copy: content=hunter2 dest=ROOT/secret mode=0600
                      no_log: true
                """.replace("ROOT", root.toString()));
    }

    private CliRun plan(String... more) {
        List<String> args = new ArrayList<>(List.of("plan", pb.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void appliesASavedPlanWhenNothingDriftedThenNothingIsLeftToDo() throws Exception {
        Path saved = dir.resolve("plan.out");
        CliRun plan = plan("-o", saved.toString(), "--detailed-exitcode", "-e", "port=8080");
        assertThat(plan.exitCode()).as(plan.err()).isEqualTo(2);
        assertThat(root.resolve("app.conf")).doesNotExist();
        String json = Files.readString(saved);
        assertThat(json).startsWith("{\n  \"format\" : \"opsctl-saved-plan\"").doesNotContain("hunter2");
        JsonNode file = new ObjectMapper().readTree(json);
        // The -e value shows only where the plan itself shows it (the file's diff), never as a variable.
        assertThat(file.get("request").toString()).doesNotContain("8080");
        assertThat(file.get("format_version").asText()).isEqualTo("2.0");
        assertThat(file.at("/request/extra_vars/names/0").asText()).isEqualTo("port");
        assertThat(file.at("/inputs/files").fieldNames()).toIterable()
                .contains(pb.toString(), dir.resolve("templates/app.conf.j2").toString());
        JsonNode host = file.at("/hosts/0");
        assertThat(host.get("name").asText()).isEqualTo("localhost");
        assertThat(host.get("facts").fieldNames()).toIterable().contains("file:" + root.resolve("existing"), "host_facts");
        assertThat(host.get("tasks")).hasSize(3);

        CliRun show = CliRun.of("show", saved.toString(), "--diff");
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("+ app conf: file " + root.resolve("app.conf")).contains("+port=8080")
                .contains("Plan: 2 to create, 1 to update, 0 to delete, 0 to run, on 1 host (0 unchanged).").doesNotContain("hunter2");

        assertThat(CliRun.of("show", saved.toString(), "--format", "markdown").out()).contains("| localhost | ok | 2 | 1 | 0 | 0 |");
        assertThat(new ObjectMapper().readTree(CliRun.of("show", saved.toString(), "--format", "json").out())
                .at("/summary/create").asInt()).isEqualTo(2);

        CliRun withoutVars = CliRun.of("apply", saved.toString());
        assertThat(withoutVars.exitCode()).isEqualTo(ExitCode.STALE_PLAN);
        assertThat(withoutVars.err()).contains("inputs changed since the plan was made: -e extra vars");

        CliRun apply = CliRun.of("apply", saved.toString(), "-e", "port=8080");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("localhost : ok=3    changed=3");
        assertThat(Files.readString(root.resolve("app.conf"))).isEqualTo("port=8080\n");
        assertThat(Files.readString(root.resolve("existing"))).isEqualTo("keep=1\nadded=1\n");

        CliRun after = plan("-e", "port=8080", "--detailed-exitcode");
        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("No changes.");
    }

    @Test
    void aSavedPlanGivesNothingToCheckASecretsGuessesAgainst() throws Exception {
        Path weak = dir.resolve("weak.json");
        Path other = dir.resolve("other.json");
        assertThat(plan("-o", weak.toString(), "-e", "port=8080", "-e", "password=hunter2").exitCode()).isZero();
        assertThat(plan("-o", other.toString(), "-e", "port=8080", "-e", "password=Tr0ub4dor&3").exitCode()).isZero();
        ObjectMapper json = new ObjectMapper();
        // The steps' temp-file names are random on every plan (unguessable on the host), so they are set aside too.
        com.fasterxml.jackson.databind.node.ObjectNode a = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(withoutTempNames(weak));
        com.fasterxml.jackson.databind.node.ObjectNode b = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(withoutTempNames(other));
        assertThat(a.at("/request/extra_vars").toString()).isEqualTo("{\"names\":[\"port\",\"password\"]}");
        // Apart from when each was made, the files are the same: nothing in them depends on the value, so no guess
        // at it can be checked against the file.
        a.remove(List.of("created_at", "hosts_sha256"));
        b.remove(List.of("created_at", "hosts_sha256"));
        assertThat(a).isEqualTo(b);
        assertThat(Files.readString(weak)).doesNotContain("hunter2");

        // The names still have to match at apply.
        CliRun apply = CliRun.of("apply", weak.toString());
        assertThat(apply.exitCode()).isEqualTo(ExitCode.STALE_PLAN);
        assertThat(apply.err()).contains("-e extra vars (pass the same -e options as to plan: [port, password])");
    }

    @Test
    void refusesWhenAFileThePlanReadChangedOnTheHost() throws Exception {
        Path saved = dir.resolve("plan.json");
        assertThat(plan("-o", saved.toString()).exitCode()).isZero();
        Files.writeString(root.resolve("existing"), "keep=2\n");

        CliRun apply = CliRun.of("apply", saved.toString());
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("error: localhost: drift since plan: file:" + root.resolve("existing") + " changed")
                .contains("nothing was changed");
        assertThat(root.resolve("app.conf")).doesNotExist();
        assertThat(Files.readString(root.resolve("existing"))).isEqualTo("keep=2\n");

        CliRun replan = CliRun.of("apply", saved.toString(), "--replan");
        assertThat(replan.exitCode()).as(replan.out() + replan.err()).isZero();
        assertThat(Files.readString(root.resolve("existing"))).isEqualTo("keep=2\nadded=1\n");
    }

    @Test
    void refusesWhenAnInputChanged() throws Exception {
        Path saved = dir.resolve("plan.json");
        assertThat(plan("-o", saved.toString()).exitCode()).isZero();
        Files.writeString(pb, Files.readString(pb).replace("port: 80", "port: 81"));
        Files.writeString(dir.resolve("templates/app.conf.j2"), "port = {{ port }}\n");

        CliRun apply = CliRun.of("apply", saved.toString());
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("error: inputs changed since the plan was made: " + pb + ", "
                + dir.resolve("templates/app.conf.j2"));
        assertThat(root.resolve("app.conf")).doesNotExist();
    }

    @Test
    void aSavedPlanCarriesItsOwnOptions() throws Exception {
        Path saved = dir.resolve("plan.json");
        assertThat(plan("-o", saved.toString()).exitCode()).isZero();
        CliRun apply = CliRun.of("apply", saved.toString(), "-l", "localhost");
        assertThat(apply.exitCode()).isEqualTo(3);
        assertThat(apply.err()).contains("a saved plan carries its own inventory, --limit");
        assertThat(CliRun.of("apply", pb.toString(), "--replan").exitCode()).isEqualTo(3);
        assertThat(CliRun.of("apply", "--help").out()).containsPattern("(?m)^  5 +apply of a saved plan: inputs changed or a host drifted");
    }

    @Test
    void noPlanIsSavedWhenAHostIsUnreachable() throws Exception {
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, "localhost ansible_connection=local\ndead ansible_host=127.0.0.1 ansible_port=1\n");
        Files.writeString(pb, Files.readString(pb).replace("hosts: localhost", "hosts: all"));
        Path saved = dir.resolve("plan.json");
        CliRun plan = plan("-i", inv.toString(), "-o", saved.toString());
        assertThat(plan.exitCode()).isEqualTo(4);
        assertThat(plan.err()).contains("Plan not saved");
        assertThat(saved).doesNotExist();
    }

    @Test
    void markdownHasATableAndFoldedDiffsAndNoSecrets() throws Exception {
        Files.writeString(root.resolve("app.conf"), "port=79\n");
        CliRun md = plan("--format", "markdown");
        assertThat(md.exitCode()).as(md.err()).isZero();
        String[] lines = md.out().split("\n");
        assertThat(lines[0]).isEqualTo("## opsctl plan");
        assertThat(md.out()).contains("Plan: 1 to create, 2 to update, 0 to delete, 0 to run, on 1 host (0 unchanged).")
                .doesNotContain("hunter2");
        List<List<String>> rows = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("|")) rows.add(List.of(l.substring(1, l.length() - 1).split("\\|")).stream().map(String::strip).toList());
        }
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("host", "status", "create", "update", "delete", "run");
        assertThat(rows.get(2)).containsExactly("localhost", "ok", "1", "2", "0", "0");
        assertThat(md.out()).contains("### localhost").contains("- `~` update **app conf**: file " + root.resolve("app.conf"))
                .contains("(output suppressed: no\\_log)");
        // Each diff sits in one closed <details> block holding a fenced diff.
        String out = md.out();
        int open = out.indexOf("<details><summary>diff</summary>");
        int close = out.indexOf("</details>", open);
        assertThat(open).isPositive();
        assertThat(close).isGreaterThan(open);
        String block = out.substring(open, close);
        assertThat(block).contains("```diff").contains("-port=79").contains("+port=80");
        assertThat(out.split("<details>", -1)).hasSize(out.split("</details>", -1).length);
    }

    @Test
    void junitWithControlCharactersIsWellFormedXml10() throws Exception {
        // A task name and a failure message with ESC, VT and FF, as a host's or a role's text may carry them.
        Files.writeString(pb, """
                - hosts: localhost
                  tasks:
                    - name: "colour \\e[31mred\\e[0m"
                      copy: content=x dest=ROOT/x
                    - name: check
                      assert: {that: "1 == 2", fail_msg: "tab\\tvt\\vff\\fnul\\0end"}
                """.replace("ROOT", root.toString()));
        Path junit = dir.resolve("junit.xml");
        CliRun plan = plan("--junit", junit.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(3);
        String xml = Files.readString(junit);
        assertThat(xml).doesNotContain("&#27;", "&#11;", "&#12;", "&#0;").contains("colour \\x1b[31mred\\x1b[0m")
                .contains("vt\\x0bff\\x0cnul\\x00end");
        // Strict parsers: the JDK's (Xerces) and Python's (expat), which rejected the old output.
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        Process python = new ProcessBuilder("python3", "-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1]); print('ok')",
                junit.toString()).redirectErrorStream(true).start();
        String said = new String(python.getInputStream().readAllBytes());
        assertThat(python.waitFor()).as(said).isZero();
        assertThat(said).isEqualTo("ok\n");
    }

    @Test
    void junitHasOneTestcasePerHostAndTask() throws Exception {
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, "localhost ansible_connection=local\ndead ansible_host=127.0.0.1 ansible_port=1\n");
        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: conf
                      copy: content=x dest=ROOT/x
                    - name: never
                      copy: content=y dest=ROOT/y
                      when: false
                    - name: check
                      assert: {that: "1 == 2", fail_msg: "math broke"}
                """.replace("ROOT", root.toString()));
        Path junit = dir.resolve("junit.xml");
        CliRun plan = plan("-i", inv.toString(), "--junit", junit.toString());
        assertThat(plan.exitCode()).isEqualTo(3);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("4");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        assertThat(suites.getAttribute("errors")).isEqualTo("1");
        assertThat(suites.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element tc = (Element) cases.item(i);
            Element child = firstElement(tc);
            seen.add(tc.getAttribute("classname") + "/" + tc.getAttribute("name") + "/" + (child == null ? "" : child.getTagName()));
        }
        assertThat(seen).containsExactly("localhost/conf/system-out", "localhost/never/skipped", "localhost/check/failure",
                "dead/(connect)/error");
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("math broke");
    }

    private static String withoutTempNames(Path plan) throws java.io.IOException {
        return Files.readString(plan).replaceAll("\\.opsctl\\.[0-9a-f]{16}", ".opsctl.TEMP");
    }

    private static Element firstElement(Element e) {
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) if (n instanceof Element c) return c;
        return null;
    }
}
