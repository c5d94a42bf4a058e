package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * {@code opsctl metrics --from FILE} as a user runs it, over the 30-day history of FourKeysTest (whose comments work the
 * numbers out by hand).
 */
class MetricsCommandTest {
    static final String HISTORY = "src/test/resources/metrics/history-30d.json";
    static final String[] PERIOD = {"--since", "30d", "--until", "2026-11-30T12:00:00Z"};

    @TempDir
    Path dir;

    static CliRun metrics(String... more) {
        List<String> args = new ArrayList<>(List.of("metrics", "--from", HISTORY));
        args.addAll(List.of(PERIOD));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void textTableOfTheFourKeysForProduction() {
        CliRun r = metrics("--group", "production");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("DORA's four keys for group production, 2026-10-31 12:00 to 2026-11-30 12:00 UTC (30d 0h)")
                .contains("19 runs, 17 applies that reached hosts.")
                .containsPattern("Deployment frequency +3 days/week +high +12 deployment days, median of 4 whole weeks")
                .containsPattern("Lead time for changes +14h 20m +11 commits")
                .containsPattern("Change failure rate +35\\.3% +low +6 of 17 applies")
                .containsPattern("Time to restore +16h +3 restored")
                .contains("r09  2026-11-16 09:00  rolled back by r10 (an earlier commit, c4c4c4c)");
    }

    @Test
    void jsonCarriesTheSameNumbers() throws Exception {
        CliRun r = metrics("--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("format_version").asText()).isEqualTo("1.0");
        assertThat(j.path("period").path("group").isNull()).isTrue();
        assertThat(j.path("deployment_frequency").path("median_days_per_week").asDouble()).isEqualTo(3.5);
        assertThat(j.path("deployment_frequency").path("bucket").asText()).isEqualTo("high");
        assertThat(j.path("lead_time").path("median_seconds").asLong()).isEqualTo(13 * 3600 + 15 * 60);
        assertThat(j.path("change_failure_rate").path("failed").asInt()).isEqualTo(7);
        assertThat(j.path("change_failure_rate").path("applies").asInt()).isEqualTo(19);
        assertThat(j.path("time_to_restore").path("median_seconds").asLong()).isEqualTo(16 * 3600);
        assertThat(j.path("time_to_restore").path("unrestored").asInt()).isEqualTo(1);
        assertThat(j.path("weeks")).hasSize(6);
    }

    @Test
    void htmlIsOneSelfContainedWellFormedPageWithThreeCharts() throws Exception {
        Path page = dir.resolve("dora.html");
        CliRun r = metrics("--group", "production", "--format", "html", "-o", page.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        String html = Files.readString(page);
        // Well-formed XML as a whole (XHTML), so every SVG in it is too.
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
        NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(svgs.getLength()).isEqualTo(3);
        List<String> titles = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) titles.add(((Element) svgs.item(i)).getAttribute("aria-label"));
        assertThat(titles).containsExactly("Deployment days per week", "Median lead time (hours)", "Change failure rate per week");
        // The week of Nov 23 had 4 deployment days: its bar says so.
        assertThat(html).contains("<title>Nov 23: 4</title>");
        // Nothing is fetched: no script, stylesheet link, image, or URL other than the XML namespaces.
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getElementsByTagName("link").getLength()).isZero();
        assertThat(doc.getElementsByTagName("img").getLength()).isZero();
        assertThat(urlsOutsideNamespaces(doc.getDocumentElement())).isEmpty();
        assertThat(html.replace("http://www.w3.org/1999/xhtml", "").replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http:").doesNotContain("https:").doesNotContain("url(").doesNotContain("@import");
        assertThat(doc.getDocumentElement().getTextContent()).contains("35.3%").contains("14h 20m").contains("16h");
    }

    @Test
    void theReportFileIsReplacedWhole() throws Exception {
        Path page = dir.resolve("dora.txt");
        Files.writeString(page, "old report\n");
        CliRun r = metrics("-o", page.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(page)).startsWith("DORA's four keys, 2026-10-31 12:00");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dora.txt");
        }
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() throws Exception {
        Path bad = dir.resolve("runs.json");
        Files.writeString(bad, "[\n  {\"run_id\": \"a\", \"start\": \"2026-11-02T10:00:00Z\", \"result\": \"maybe\"}\n]\n");
        Path page = dir.resolve("dora.html");
        CliRun r = CliRun.of("metrics", "--from", bad.toString(), "--format", "html", "-o", page.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("error: " + bad + ":2:3: deployment 1: 'result' must be one of");
        assertThat(page).doesNotExist();

        CliRun since = CliRun.of("metrics", "--from", HISTORY, "--since", "ninety days");
        assertThat(since.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(since.err()).contains("'ninety days' is not a duration such as 90d");

        // Without --from the runs come from the journal; the tests run with it off (OPSCTL_JOURNAL=off in the pom).
        CliRun none = CliRun.of("metrics");
        assertThat(none.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(none.err()).contains("the run journal is off");
    }

    private static List<String> urlsOutsideNamespaces(Node n) {
        List<String> out = new ArrayList<>();
        NamedNodeMap attrs = n.getAttributes();
        if (attrs != null) {
            for (int i = 0; i < attrs.getLength(); i++) {
                Node a = attrs.item(i);
                boolean namespace = "xmlns".equals(a.getNodeName()) || a.getNodeName().startsWith("xmlns:");
                if (!namespace && (a.getNodeValue().contains("://") || a.getNodeName().endsWith("href") || a.getNodeName().equals("src"))) {
                    out.add(a.getNodeName() + "=" + a.getNodeValue());
                }
            }
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) out.addAll(urlsOutsideNamespaces(c));
        return out;
    }
}
