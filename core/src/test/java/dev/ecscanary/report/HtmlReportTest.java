package dev.ecscanary.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static dev.ecscanary.testing.Deployments.viewOf;

import dev.ecscanary.port.Approvals.ApprovalDecision;
import dev.ecscanary.port.Gate.GateResult;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.Mappers;
import dev.ecscanary.spec.StepSpec;
import dev.ecscanary.spec.Steps;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.FailBack;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.HistoryEvent;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.RecordJson;
import dev.ecscanary.state.TaskObservation.ServiceKey;
import dev.ecscanary.testing.Deployments;
import dev.ecscanary.testing.Specs;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class HtmlReportTest {

    static final ServiceKey GREEN = Deployments.GREEN;
    static final String XSS = "<script>alert(1)</script>";
    /** Where a person can open the sample reports after {@code mvn test}. */
    static final Path SAMPLES = Path.of(System.getProperty("basedir", "."), "target", "report-samples");

    static DeploymentRecord promoted;
    static DeploymentRecord rolledBack;

    @BeforeAll
    static void runDeployments() throws Exception {
        promoted = Deployments.promoted();
        rolledBack = Deployments.rolledBackAtStepTwo();
        HtmlReport.write(viewOf(promoted), SAMPLES.resolve("promoted.html"));
        HtmlReport.write(viewOf(rolledBack), SAMPLES.resolve("rolled-back.html"));
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void aPromotedDeploymentReadsAsPromotedAndItsIntendedLineReaches100() throws Exception {
        assertThat(promoted.phase()).isEqualTo(Phase.PROMOTED);
        String html = HtmlReport.render(viewOf(promoted));
        Document doc = assertSafeAndWellFormed(html);

        assertThat(html).contains("PROMOTED").doesNotContain("ROLLED_BACK");
        assertThat(text(doc, "title")).startsWith("ecs-canary \u00b7 web-1 \u00b7 PROMOTED");
        List<double[]> line = intendedLine(doc);
        assertThat(line.get(0)[1]).isEqualTo(0.0);
        assertThat(line).extracting(p -> p[1]).contains(10.0, 25.0, 50.0, 100.0);
        assertThat(line.get(line.size() - 1)[1]).isEqualTo(100.0);
        assertThat(xs(line)).isSorted();
        assertThat(elements(doc, "circle", "observed-point")).isNotEmpty();
        assertThat(elements(doc, "g", "marker-approval")).hasSize(1);
        assertThat(elements(doc, "rect", "band-approval")).hasSize(1);
        assertThat(elements(doc, "g", "marker-promoted")).hasSize(1);
        assertThat(elements(doc, "g", "marker-fail-back")).isEmpty();
        assertThat(elements(doc, "path", "write")).hasSize(4);
        assertEveryHistoryEventShown(promoted, html);
        assertThat(html).contains("approved by alice").contains("error rate flat, p99 unchanged")
                .contains("shop.example.test").contains("Final weights").contains("blue 0 / green 100");
        assertThat(rows(doc, "steps")).hasSize(4).allSatisfy(row -> assertThat(row).contains("passed")
                .containsPattern("\\d+% for up to \\d+m").contains("gate alarms notices in 4m"));
    }

    @Test
    void aDeploymentWhoseGateFailsAtStepTwoReadsAsRolledBackAndItsLineReturnsToZero() throws Exception {
        assertThat(rolledBack.phase()).isEqualTo(Phase.ROLLED_BACK);
        String html = HtmlReport.render(viewOf(rolledBack));
        Document doc = assertSafeAndWellFormed(html);

        assertThat(html).contains("ROLLED_BACK").contains("GATE_FAILED").contains("gate targetHealth failed at step 2");
        List<double[]> line = intendedLine(doc);
        assertThat(line).extracting(p -> p[1]).contains(10.0, 25.0).doesNotContain(50.0, 100.0);
        assertThat(line.get(line.size() - 1)[1]).isEqualTo(0.0);
        assertThat(xs(line)).isSorted();
        assertThat(elements(doc, "g", "marker-fail-back")).hasSize(1);
        assertThat(elements(doc, "g", "marker-rolled-back")).hasSize(1);
        assertThat(elements(doc, "rect", "band-failing-back")).hasSize(1);
        assertEveryHistoryEventShown(rolledBack, html);

        List<String> steps = rows(doc, "steps");
        assertThat(steps).hasSize(4);
        assertThat(steps.get(0)).contains("passed").contains("targetHealth").contains("2/2 healthy");
        assertThat(steps.get(1)).contains("failed").contains("gate failed")
                .contains("1/2 healthy: 10.0.1.7 unhealthy (Target.ResponseCodeMismatch)");
        assertThat(steps.get(2)).contains("not reached");
        assertThat(steps.get(3)).contains("not reached");
        assertThat(rows(doc, "gates")).anySatisfy(row -> assertThat(row).contains("targetHealth").contains("FAIL")
                .contains("22%").contains("intended 25%"));
    }

    @Test
    void aRecordStoredBeforeShareSamplesPlotsTheSharesOfItsCurrentGates() throws Exception {
        // As DynamoDB would hand back a record written before the engine kept every measurement.
        ObjectNode json = (ObjectNode) Mappers.json().readTree(RecordJson.write(rolledBack));
        json.remove("shareSamples");
        DeploymentRecord old = RecordJson.read(json.toString());
        assertThat(old.shareSamples()).isEmpty();

        String html = HtmlReport.render(viewOf(old));
        Document doc = assertSafeAndWellFormed(html);

        List<Element> points = elements(doc, "circle", "observed-point");
        assertThat(points).hasSize(1);
        assertThat(TimelineChart.percentAt(Double.parseDouble(points.get(0).getAttribute("cy")))).isCloseTo(22.0, within(0.1));
        assertThat(html).contains("gates of the last bake only");
    }

    @Test
    void textFromTheRecordIsEscapedEverywhere() throws Exception {
        String evil = "mallory\" onmouseover='alert(2)' <img src=x onerror=alert(3)> & co";
        DeploymentRecord record = Deployments.run(Specs.canary("web-3", Steps.of(StepSpec.of(50, Specs.BAKE, true),
                StepSpec.of(100, Specs.BAKE, false))), true, world -> {
            world.ecs.runningFrom(GREEN, world.clock.instant());
            world.approvals.decide("web-3", 0, new ApprovalDecision(true, evil, "looks fine " + XSS));
            world.gates.script("targetHealth", c -> GateResult.fail("target says " + XSS + " & <b>bold</b>")
                    .withObservedGreenPercent(40));
        });
        // A record as an AWS error or a person might fill it, past anything the engine writes itself.
        DeploymentRecord tampered = record.toBuilder()
                .record(new HistoryEntry(record.updatedAt(), Phase.ROLLED_BACK, 0, Weights.ALL_BLUE, evil,
                        new HistoryEvent.FailingBack(FailBack.Trigger.ERROR, Phase.BAKING, "note " + XSS,
                                List.of("plain " + XSS)),
                        List.of(new GateEvidence("targetHealth", Verdict.FAIL, XSS, Map.of(), Map.of()))))
                .build(record.updatedAt());

        String html = HtmlReport.render(viewOf(tampered));
        Document doc = assertSafeAndWellFormed(html);

        assertThat(html).doesNotContain(XSS).doesNotContain("<img").doesNotContain("<b>bold")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains(Html.escape(evil))
                .contains("mallory&quot; onmouseover=&#39;alert(2)&#39;");
        assertThat(elements(doc, "img", null)).isEmpty();
        assertThat(elements(doc, "b", null)).isEmpty();
        assertEveryHistoryEventShown(tampered, html);
    }

    @Test
    void aDeploymentInProgressShowsWhereItIs() throws Exception {
        DeploymentRecord baking = Deployments.bakingStepTwo();

        String html = HtmlReport.render(viewOf(baking));
        Document doc = assertSafeAndWellFormed(html);

        assertThat(html).contains("IN PROGRESS").contains("baking").contains("Current weights");
        List<String> steps = rows(doc, "steps");
        assertThat(steps.get(0)).contains("passed");
        assertThat(steps.get(1)).contains("in progress").contains("so far");
        assertThat(steps.get(2)).contains("not reached");
        assertThat(intendedLine(doc).get(intendedLine(doc).size() - 1)[1]).isEqualTo(25.0);
    }

    @Test
    void aJustCreatedRecordWithoutWeightsStillRenders() throws Exception {
        CanarySpec spec = Specs.canary("web-5");
        Instant now = Instant.parse("2026-11-26T09:00:00Z");
        DeploymentRecord created = DeploymentRecord.created(spec, "digest", null, now,
                new HistoryEntry(now, Phase.PENDING, -1, null, "test", new HistoryEvent.Created()));

        String html = HtmlReport.render(viewOf(created));
        Document doc = assertSafeAndWellFormed(html);

        assertThat(html).contains("IN PROGRESS").contains("created by test").contains("No gate has run");
        assertThat(elements(doc, "polyline", "intended-line")).isEmpty();
        assertThat(rows(doc, "steps")).hasSize(4).allSatisfy(row -> assertThat(row).contains("not reached"));
    }

    @Test
    void writeCreatesParentDirectoriesAndWritesUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("reports/web-2/index.html");

        HtmlReport.write(viewOf(rolledBack), file);

        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(written).isEqualTo(HtmlReport.render(viewOf(rolledBack))).contains("\u2014").startsWith("<!DOCTYPE html>");
    }

    @Test
    void theFragmentIsTheBodyAndTheStylesheetIsScoped() {
        String fragment = HtmlReport.renderFragment(viewOf(promoted));

        assertThat(fragment).startsWith("<div class=\"ecs-canary-report\" id=\"ecr-web-1\">").endsWith("</div>")
                .doesNotContain("<style").doesNotContain("<html");
        assertThat(HtmlReport.render(viewOf(promoted))).contains(fragment).contains(HtmlReport.stylesheet());
        assertThat(HtmlReport.stylesheet().lines().filter(l -> !l.isBlank() && !l.startsWith("@media")))
                .allSatisfy(rule -> assertThat(rule).startsWith(".ecs-canary-report"));
    }

    @Test
    void theEscaperCoversTheFiveCharactersAndControlCharacters() {
        assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
        assertThat(Html.escape("bell\u0007 tab\t")).isEqualTo("bell\\u0007 tab\t");
        assertThat(Html.escape("admin\u202Egnp.exe")).isEqualTo("admin\\u202Egnp.exe");
        assertThat(Html.escape((String) null)).isEmpty();
        assertThat(Html.escape("plain")).isSameAs("plain");
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Parses the page as XML (the report is written to be well-formed XHTML too) and checks that it
     * cannot run or load anything: no script element, no event-handler attribute, no external
     * reference in href/src/xlink:href, no style attribute (Jenkins' CSP would drop it anyway).
     */
    static Document assertSafeAndWellFormed(String html) throws Exception {
        assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("javascript:");
        assertThat(html).startsWith("<!DOCTYPE html>");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setExpandEntityReferences(false);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
        for (String tag : List.of("head", "body", "svg", "title")) {
            assertThat(doc.getElementsByTagName(tag).getLength()).as("<%s>", tag).isGreaterThanOrEqualTo(1);
        }
        for (String tag : List.of("h1", "table", "section")) {
            assertThat(doc.getElementsByTagName(tag).getLength()).as("<%s>", tag).isGreaterThanOrEqualTo(1);
        }
        for (String forbidden : List.of("script", "iframe", "object", "embed", "link", "img", "foreignObject")) {
            assertThat(doc.getElementsByTagName(forbidden).getLength()).as("<%s>", forbidden).isZero();
        }
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            NamedNodeMap attributes = all.item(i).getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Node attribute = attributes.item(a);
                String name = attribute.getNodeName().toLowerCase(Locale.ROOT);
                assertThat(name).as("attribute on <%s>", all.item(i).getNodeName()).doesNotStartWith("on")
                        .isNotEqualTo("style");
                if (name.equals("href") || name.equals("src") || name.endsWith(":href") || name.equals("srcset")) {
                    assertThat(attribute.getNodeValue()).startsWith("#");
                }
            }
        }
        Element svg = (Element) doc.getElementsByTagName("svg").item(0);
        assertThat(svg.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(svg.getAttribute("role")).isEqualTo("img");
        assertThat(svg.getElementsByTagName("title").getLength()).isGreaterThanOrEqualTo(1);
        assertThat(svg.getElementsByTagName("desc").item(0).getTextContent()).isNotBlank();
        return doc;
    }

    static void assertEveryHistoryEventShown(DeploymentRecord record, String html) {
        assertThat(record.history()).isNotEmpty().allSatisfy(e -> {
            assertThat(html).contains(Html.escape(e.text()));
            e.gates().forEach(g -> assertThat(html).contains(Html.escape(g.gate())));
        });
    }

    /** The intended line's points as (x, green percent). */
    static List<double[]> intendedLine(Document doc) {
        List<Element> lines = elements(doc, "polyline", "intended-line");
        assertThat(lines).hasSize(1);
        List<double[]> points = new ArrayList<>();
        for (String pair : lines.get(0).getAttribute("points").trim().split("\\s+")) {
            String[] xy = pair.split(",");
            double percent = TimelineChart.percentAt(Double.parseDouble(xy[1]));
            points.add(new double[] {Double.parseDouble(xy[0]), Math.round(percent * 10) / 10.0});
        }
        return points;
    }

    static List<Double> xs(List<double[]> points) {
        return points.stream().map(p -> p[0]).toList();
    }

    static List<Element> elements(Document doc, String tag, String cssClass) {
        NodeList nodes = doc.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (cssClass == null || Arrays.asList(e.getAttribute("class").split("\\s+")).contains(cssClass)) {
                found.add(e);
            }
        }
        return found;
    }

    /** The text of each body row of the table with this class. */
    static List<String> rows(Document doc, String tableClass) {
        List<Element> tables = elements(doc, "table", tableClass);
        if (tables.isEmpty()) {
            return List.of();
        }
        Element body = (Element) tables.get(0).getElementsByTagName("tbody").item(0);
        NodeList rows = body.getElementsByTagName("tr");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < rows.getLength(); i++) {
            texts.add(rows.item(i).getTextContent());
        }
        return texts;
    }

    static String text(Document doc, String tag) {
        return doc.getElementsByTagName(tag).item(0).getTextContent();
    }
}
