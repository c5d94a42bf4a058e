package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.PlannedTask;
import dev.opsctl.plan.TaskAddress;
import java.io.IOException;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A plan or apply result as JUnit XML for CI test reports (docs/plan-format.md): one testsuite per host, one testcase
 * per task (classname = host, name = task), failed tasks as {@code <failure>}, an unreachable host as one
 * {@code <error>} testcase, skipped tasks as {@code <skipped>}.
 */
public final class JunitReport {
    private JunitReport() {}

    public static void write(RunResult run, Path file) throws IOException {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.transform(new DOMSource(XmlText.clean(document(run))), new StreamResult(file.toFile()));
        } catch (TransformerException | ParserConfigurationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static Document document(RunResult run) throws ParserConfigurationException {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element suites = doc.createElement("testsuites");
        suites.setAttribute("name", "opsctl " + run.mode().name().toLowerCase());
        doc.appendChild(suites);
        int[] total = new int[4];
        for (HostPlan h : RunPlan.of(run).hosts()) {
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", h.name());
            int[] counts = new int[4]; // tests, failures, errors, skipped
            if (h.status().equals("unreachable")) {
                Element error = doc.createElement("error");
                error.setAttribute("message", "unreachable: " + h.error());
                suite.appendChild(testcase(doc, h.name(), "(connect)", error));
                counts[0]++;
                counts[2]++;
            }
            for (PlannedTask t : h.tasks()) {
                Element detail = null;
                String message = t.noLog() ? TextReport.SUPPRESSED : String.valueOf(t.message());
                if (t.status().equals("failed")) {
                    detail = doc.createElement("failure");
                    detail.setAttribute("message", message);
                    counts[1]++;
                } else if (t.status().equals("skipped")) {
                    detail = doc.createElement("skipped");
                    detail.setAttribute("message", message);
                    counts[3]++;
                }
                TaskAddress a = t.address();
                String name = a.task() + (a.handler() ? " (handler)" : "") + (a.item() != null ? " (item=" + a.item() + ")" : "");
                Element tc = testcase(doc, h.name(), name, detail);
                if (t.summary() != null && t.action().isChange()) {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(t.action().word() + ": " + t.summary());
                    tc.appendChild(out);
                }
                suite.appendChild(tc);
                counts[0]++;
            }
            suite.setAttribute("tests", String.valueOf(counts[0]));
            suite.setAttribute("failures", String.valueOf(counts[1]));
            suite.setAttribute("errors", String.valueOf(counts[2]));
            suite.setAttribute("skipped", String.valueOf(counts[3]));
            for (int i = 0; i < 4; i++) total[i] += counts[i];
            suites.appendChild(suite);
        }
        suites.setAttribute("tests", String.valueOf(total[0]));
        suites.setAttribute("failures", String.valueOf(total[1]));
        suites.setAttribute("errors", String.valueOf(total[2]));
        suites.setAttribute("skipped", String.valueOf(total[3]));
        return doc;
    }

    private static Element testcase(Document doc, String host, String name, Element detail) {
        Element tc = doc.createElement("testcase");
        tc.setAttribute("classname", host);
        tc.setAttribute("name", name);
        if (detail != null) tc.appendChild(detail);
        return tc;
    }
}
