package dev.ecscanary.report;

import static dev.ecscanary.report.Html.escape;
import static dev.ecscanary.report.Html.num;

import dev.ecscanary.report.Story.Band;
import dev.ecscanary.report.Story.BandKind;
import dev.ecscanary.report.Story.Level;
import dev.ecscanary.report.Story.Marker;
import dev.ecscanary.report.Story.MarkerKind;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.ShareSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The timeline as inline SVG: intended green share as a step line, observed shares as points,
 * phases as background bands, approvals and fail-back as vertical markers.
 *
 * <p>Every colour, font and stroke is a presentation attribute, not CSS: Jenkins serves archived
 * files with {@code style-src 'self'}, which drops inline {@code <style>}, and the chart must still
 * read there. The viewBox makes it scale to any width.
 */
final class TimelineChart {

    static final int WIDTH = 1000;
    static final int LEFT = 64;
    static final int RIGHT = WIDTH - 20;
    /** Room above the plot for up to three rows of marker labels. */
    static final int TOP = 58;
    static final int PLOT_HEIGHT = 260;
    static final int BOTTOM = TOP + PLOT_HEIGHT;
    private static final int MAX_LANES = 3;
    private static final double CHAR_WIDTH = 6.2;

    static final String INTENDED = "#1e3a8a";
    static final String GRID = "#d1d5db";
    static final String AXIS = "#374151";
    static final String MUTED = "#4b5563";
    static final String APPROVAL = "#b45309";
    static final String FAIL = "#b91c1c";
    static final String PROMOTED = "#15803d";
    private static final String[] OBSERVED = {"#ea580c", "#9333ea", "#0e7490", "#be185d", "#65a30d"};
    private static final long[] TICK_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
            21600, 43200, 86400, 172800, 604800};

    private final Story story;
    private final String idPrefix;
    private final long spanMillis;

    private TimelineChart(Story story, String idPrefix) {
        this.story = story;
        this.idPrefix = idPrefix;
        this.spanMillis = story.span().toMillis();
    }

    static String render(Story story, String idPrefix) {
        return new TimelineChart(story, idPrefix).svg();
    }

    /** The y coordinate of a green share in percent. */
    static double y(double percent) {
        double clamped = Math.max(0, Math.min(100, percent));
        return TOP + PLOT_HEIGHT * (1 - clamped / 100.0);
    }

    /** The green share in percent at a y coordinate (the inverse of {@link #y}). */
    static double percentAt(double y) {
        return (1 - (y - TOP) / PLOT_HEIGHT) * 100.0;
    }

    double x(Instant at) {
        long millis = Duration.between(story.start, at).toMillis();
        double fraction = Math.max(0, Math.min(1, (double) millis / spanMillis));
        return LEFT + (RIGHT - LEFT) * fraction;
    }

    private String svg() {
        Map<String, String> gateColours = gateColours();
        List<String> legend = legend(gateColours);
        int legendTop = BOTTOM + 62;
        int height = legendTop + legendHeight(legend) + 8;
        String titleId = idPrefix + "-chart-title";
        String descId = idPrefix + "-chart-desc";
        StringBuilder out = new StringBuilder(16_384);
        out.append("<svg class=\"timeline\" role=\"img\" aria-labelledby=\"").append(titleId).append(' ').append(descId)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMidYMin meet\"")
                .append(" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif\"")
                .append(" font-size=\"12\">\n");
        out.append("<title id=\"").append(titleId).append("\">Traffic to green over time: intended weight and observed share")
                .append("</title>\n");
        out.append("<desc id=\"").append(descId).append("\">").append(escape(description())).append("</desc>\n");
        out.append("<rect x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
        bands(out);
        grid(out);
        timeAxis(out);
        markers(out);
        intended(out);
        observed(out, gateColours);
        legend(out, legend, legendTop);
        out.append("</svg>");
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private void bands(StringBuilder out) {
        out.append("<g class=\"bands\">\n");
        for (Band band : story.bands) {
            double x0 = x(band.from());
            double x1 = x(band.to());
            String what = band.kind() == BandKind.BAKING || band.kind() == BandKind.APPROVAL
                    || band.kind() == BandKind.SHIFTING ? band.kind().label + stepSuffix(band) : band.kind().label;
            out.append("<rect class=\"band band-").append(band.kind().name().toLowerCase().replace('_', '-'))
                    .append("\" x=\"").append(num(x0)).append("\" y=\"").append(TOP).append("\" width=\"")
                    .append(num(Math.max(0.5, x1 - x0))).append("\" height=\"").append(PLOT_HEIGHT)
                    .append("\" fill=\"").append(band.kind().fill).append("\" fill-opacity=\"0.75\"><title>")
                    .append(escape(what + ": " + Html.time(band.from()) + " \u2013 " + Html.time(band.to()) + " ("
                            + Html.duration(Duration.between(band.from(), band.to())) + ")"))
                    .append("</title></rect>\n");
            if (band.kind() == BandKind.BAKING && band.stepNumber() > 0 && x1 - x0 >= 44) {
                // At the bottom of the band, unless the line and its points run there.
                Instant middle = band.from().plus(Duration.between(band.from(), band.to()).dividedBy(2));
                double level = story.intendedAt(middle);
                int labelY = !Double.isNaN(level) && level < 15 ? TOP + 14 : BOTTOM - 6;
                out.append("<text x=\"").append(num((x0 + x1) / 2)).append("\" y=\"").append(labelY)
                        .append("\" text-anchor=\"middle\" fill=\"#166534\" font-size=\"10\">bake ")
                        .append(band.stepNumber()).append("</text>\n");
            }
        }
        out.append("</g>\n");
    }

    private static String stepSuffix(Band band) {
        return band.stepNumber() > 0 ? " (step " + band.stepNumber() + ")" : "";
    }

    private void grid(StringBuilder out) {
        out.append("<g class=\"y-axis\">\n");
        for (int p = 0; p <= 100; p += 25) {
            double y = y(p);
            out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(RIGHT).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\" stroke=\"").append(p == 0 ? AXIS : GRID)
                    .append("\" stroke-width=\"1\"").append(p == 0 || p == 100 ? "" : " stroke-dasharray=\"3 3\"")
                    .append("/>\n");
            out.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\" fill=\"").append(AXIS).append("\">").append(p).append("%</text>\n");
        }
        double mid = TOP + PLOT_HEIGHT / 2.0;
        out.append("<text x=\"16\" y=\"").append(num(mid)).append("\" text-anchor=\"middle\" fill=\"").append(AXIS)
                .append("\" transform=\"rotate(-90 16 ").append(num(mid)).append(")\">green share of traffic</text>\n");
        out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"").append(AXIS).append("\" stroke-width=\"1\"/>\n");
        out.append("</g>\n");
    }

    private void timeAxis(StringBuilder out) {
        long spanSeconds = Math.max(1, spanMillis / 1000);
        long step = TICK_SECONDS[TICK_SECONDS.length - 1];
        for (long candidate : TICK_SECONDS) {
            if (spanSeconds / candidate <= 10) {
                step = candidate;
                break;
            }
        }
        out.append("<g class=\"x-axis\">\n");
        for (long s = 0; s <= spanSeconds; s += step) {
            Instant at = story.start.plusSeconds(s);
            double x = x(at);
            out.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(BOTTOM)
                    .append("\" y2=\"").append(BOTTOM + 5).append("\" stroke=\"").append(AXIS).append("\"/>\n");
            String anchor = x > RIGHT - 20 ? "end" : "middle";
            out.append("<text x=\"").append(num(x)).append("\" y=\"").append(BOTTOM + 18).append("\" text-anchor=\"")
                    .append(anchor).append("\" fill=\"").append(AXIS).append("\">")
                    .append(s == 0 ? "0" : escape(Html.offset(story.start, at))).append("</text>\n");
            out.append("<text x=\"").append(num(x)).append("\" y=\"").append(BOTTOM + 32).append("\" text-anchor=\"")
                    .append(anchor).append("\" fill=\"").append(MUTED).append("\" font-size=\"10\">")
                    .append(step < 60 ? Html.time(at) : Html.timeMinutes(at)).append("</text>\n");
        }
        out.append("<text x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(BOTTOM + 50)
                .append("\" text-anchor=\"middle\" fill=\"").append(AXIS)
                .append("\">time since the deployment was created (clock times in UTC)</text>\n");
        out.append("</g>\n");
    }

    private void markers(StringBuilder out) {
        out.append("<g class=\"markers\">\n");
        double[] laneEnds = new double[MAX_LANES];
        Arrays.fill(laneEnds, Double.NEGATIVE_INFINITY);
        for (Marker marker : story.markers) {
            double x = x(marker.at());
            String colour = colour(marker.kind());
            String dash = switch (marker.kind()) {
                case APPROVAL -> " stroke-dasharray=\"5 3\"";
                case ROLLED_BACK -> " stroke-dasharray=\"2 2\"";
                default -> "";
            };
            out.append("<g class=\"marker marker-").append(marker.kind().name().toLowerCase().replace('_', '-'))
                    .append("\"><title>").append(escape(Html.time(marker.at()) + " " + marker.detail())).append("</title>");
            out.append("<line x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(TOP - 4)
                    .append("\" y2=\"").append(BOTTOM).append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(marker.kind() == MarkerKind.APPROVAL ? "1.5" : "2").append('"').append(dash).append("/>");
            double width = marker.label().length() * CHAR_WIDTH;
            boolean toTheLeft = x + 4 + width > WIDTH - 4;
            double x0 = toTheLeft ? x - 4 - width : x + 4;
            int lane = 0;
            while (lane < MAX_LANES - 1 && laneEnds[lane] + 8 > x0) {
                lane++;
            }
            laneEnds[lane] = Math.max(laneEnds[lane], x0 + width);
            double y = TOP - 10 - 15 * lane;
            out.append("<text x=\"").append(num(toTheLeft ? x - 4 : x + 4)).append("\" y=\"").append(num(y))
                    .append("\" text-anchor=\"").append(toTheLeft ? "end" : "start").append("\" fill=\"").append(colour)
                    .append("\" font-size=\"11\" font-weight=\"600\">").append(escape(marker.label())).append("</text>");
            out.append("</g>\n");
        }
        out.append("</g>\n");
    }

    private static String colour(MarkerKind kind) {
        return switch (kind) {
            case APPROVAL -> APPROVAL;
            case FAIL_BACK, ROLLED_BACK -> FAIL;
            case PROMOTED -> PROMOTED;
        };
    }

    /** The step line of the weights written last, from the first known to the end of the chart. */
    private void intended(StringBuilder out) {
        List<Level> levels = story.intended;
        if (levels.isEmpty()) {
            return;
        }
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < levels.size(); i++) {
            Level level = levels.get(i);
            double x = x(level.from());
            if (i > 0) {
                points.append(num(x)).append(',').append(num(y(levels.get(i - 1).percent()))).append(' ');
            }
            points.append(num(x)).append(',').append(num(y(level.percent()))).append(' ');
        }
        Level last = levels.get(levels.size() - 1);
        points.append(num(x(story.end))).append(',').append(num(y(last.percent())));
        out.append("<g class=\"intended\">\n");
        out.append("<polyline class=\"intended-line\" points=\"").append(points).append("\" fill=\"none\" stroke=\"")
                .append(INTENDED).append("\" stroke-width=\"2.5\" stroke-linejoin=\"miter\"><title>intended green share")
                .append(" (weights last written)</title></polyline>\n");
        // The level's value beside its start, once per level.
        for (Level level : levels) {
            double x = x(level.from());
            double y = y(level.percent());
            double labelY = level.percent() > 88 ? y + 15 : y - 6;
            out.append("<text x=\"").append(num(x + 5)).append("\" y=\"").append(num(labelY)).append("\" fill=\"")
                    .append(INTENDED).append("\" font-size=\"11\" font-weight=\"600\">")
                    .append(escape(Html.percent(level.percent()))).append("</text>\n");
        }
        for (HistoryEntry write : story.writes) {
            double x = x(write.at());
            double y = y(write.weights().greenPercent());
            out.append("<path class=\"write\" d=\"M").append(num(x)).append(',').append(num(y - 5)).append(" l5,5 l-5,5 l-5,-5 z\"")
                    .append(" fill=\"#ffffff\" stroke=\"").append(INTENDED).append("\" stroke-width=\"1.5\"><title>")
                    .append(escape(Html.time(write.at()) + " " + write.text())).append("</title></path>\n");
        }
        out.append("</g>\n");
    }

    private static String gateOf(ShareSample sample) {
        return sample.gate() == null ? "gate" : sample.gate();
    }

    private Map<String, String> gateColours() {
        Map<String, String> colours = new LinkedHashMap<>();
        for (ShareSample s : story.observed) {
            String gate = gateOf(s);
            colours.computeIfAbsent(gate, g -> OBSERVED[colours.size() % OBSERVED.length]);
        }
        return colours;
    }

    private void observed(StringBuilder out, Map<String, String> colours) {
        if (story.observed.isEmpty()) {
            return;
        }
        out.append("<g class=\"observed\">\n");
        // One dashed line per gate and step: no measurement joins two steps across a traffic shift.
        Map<String, List<ShareSample>> runs = story.observed.stream().collect(Collectors.groupingBy(
                s -> gateOf(s) + "\u0000" + s.step(), LinkedHashMap::new, Collectors.toList()));
        runs.values().stream().filter(run -> run.size() > 1).forEach(run -> {
            String points = run.stream().map(s -> num(x(s.at())) + "," + num(y(s.observedPercent())))
                    .collect(Collectors.joining(" "));
            out.append("<polyline class=\"observed-line\" points=\"").append(points).append("\" fill=\"none\" stroke=\"")
                    .append(colours.get(gateOf(run.get(0))))
                    .append("\" stroke-width=\"1.25\" stroke-dasharray=\"4 3\" stroke-opacity=\"0.8\"/>\n");
        });
        for (ShareSample s : story.observed) {
            String gate = gateOf(s);
            String tip = Html.time(s.at()) + " " + gate + ": observed " + Html.percent(s.observedPercent())
                    + (Double.isNaN(s.intendedPercent()) ? "" : ", intended " + Html.percent(s.intendedPercent()))
                    + (s.step() >= 0 ? " (step " + (s.step() + 1) + ")" : "");
            out.append("<circle class=\"observed-point\" cx=\"").append(num(x(s.at()))).append("\" cy=\"")
                    .append(num(y(s.observedPercent()))).append("\" r=\"3.5\" fill=\"").append(colours.get(gate))
                    .append("\" stroke=\"#ffffff\" stroke-width=\"1\"><title>").append(escape(tip))
                    .append("</title></circle>\n");
        }
        out.append("</g>\n");
    }

    // ---------------------------------------------------------------------------------------------

    /** Legend items as SVG snippets drawn at (0, 0), each followed by its width after a tab. */
    private List<String> legend(Map<String, String> gateColours) {
        List<String> items = new ArrayList<>();
        if (!story.intended.isEmpty()) {
            items.add(item("<line x1=\"0\" x2=\"22\" y1=\"0\" y2=\"0\" stroke=\"" + INTENDED + "\" stroke-width=\"2.5\"/>",
                    "intended green share (weights written)"));
        }
        if (!story.writes.isEmpty()) {
            items.add(item("<path d=\"M11,-5 l5,5 l-5,5 l-5,-5 z\" fill=\"#ffffff\" stroke=\"" + INTENDED
                    + "\" stroke-width=\"1.5\"/>", "Route53 weight change"));
        }
        gateColours.forEach((gate, colour) -> items.add(item(
                "<line x1=\"0\" x2=\"22\" y1=\"0\" y2=\"0\" stroke=\"" + colour + "\" stroke-width=\"1.25\" stroke-dasharray=\"4 3\"/>"
                        + "<circle cx=\"11\" cy=\"0\" r=\"3.5\" fill=\"" + colour + "\"/>",
                "observed share (" + gate + ")")));
        Set<BandKind> kinds = EnumSet.noneOf(BandKind.class);
        story.bands.forEach(b -> kinds.add(b.kind()));
        for (BandKind kind : kinds) {
            items.add(item("<rect x=\"0\" y=\"-6\" width=\"22\" height=\"12\" fill=\"" + kind.fill
                    + "\" stroke=\"" + GRID + "\"/>", kind.label));
        }
        Set<MarkerKind> markerKinds = EnumSet.noneOf(MarkerKind.class);
        story.markers.forEach(m -> markerKinds.add(m.kind()));
        if (markerKinds.contains(MarkerKind.APPROVAL)) {
            items.add(item("<line x1=\"11\" x2=\"11\" y1=\"-7\" y2=\"7\" stroke=\"" + APPROVAL
                    + "\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>", "approval"));
        }
        if (markerKinds.contains(MarkerKind.FAIL_BACK)) {
            items.add(item("<line x1=\"11\" x2=\"11\" y1=\"-7\" y2=\"7\" stroke=\"" + FAIL + "\" stroke-width=\"2\"/>",
                    "fail-back"));
        }
        return items;
    }

    private static String item(String swatch, String label) {
        int width = (int) Math.ceil(30 + label.length() * CHAR_WIDTH + 18);
        return swatch + "<text x=\"28\" y=\"4\" fill=\"" + AXIS + "\">" + escape(label) + "</text>\t" + width;
    }

    private static int legendHeight(List<String> items) {
        return rows(items).size() * 20;
    }

    private static List<List<String>> rows(List<String> items) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        int used = 0;
        for (String item : items) {
            int width = Integer.parseInt(item.substring(item.lastIndexOf('\t') + 1));
            if (!row.isEmpty() && used + width > RIGHT - LEFT) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(item);
            used += width;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static void legend(StringBuilder out, List<String> items, int top) {
        out.append("<g class=\"legend\">\n");
        int y = top;
        for (List<String> row : rows(items)) {
            int x = LEFT;
            for (String item : row) {
                int tab = item.lastIndexOf('\t');
                out.append("<g transform=\"translate(").append(x).append(',').append(y).append(")\">")
                        .append(item, 0, tab).append("</g>\n");
                x += Integer.parseInt(item.substring(tab + 1));
            }
            y += 20;
        }
        out.append("</g>\n");
    }

    /** The chart in words, for screen readers and anyone who cannot see it. */
    private String description() {
        StringBuilder d = new StringBuilder();
        d.append("From ").append(Html.dateTime(story.start)).append(" to ").append(Html.dateTime(story.end))
                .append(" (").append(Html.duration(Duration.between(story.start, story.end))).append("). ");
        if (story.intended.isEmpty()) {
            d.append("No weights were known. ");
        } else {
            d.append("Intended green share: ");
            d.append(story.intended.stream().map(l -> Html.percent(l.percent()) + " from " + Html.time(l.from()))
                    .collect(Collectors.joining(", ")));
            d.append(". ");
        }
        if (story.observed.isEmpty()) {
            d.append("No observed share was measured. ");
        } else {
            d.append("Observed green share: ");
            d.append(story.observed.stream().map(s -> Html.percent(s.observedPercent()) + " at " + Html.time(s.at()))
                    .limit(40).collect(Collectors.joining(", ")));
            d.append(story.observed.size() > 40 ? ", and " + (story.observed.size() - 40) + " more. " : ". ");
        }
        for (Marker m : story.markers) {
            d.append(Html.time(m.at())).append(": ").append(m.detail()).append(". ");
        }
        return d.toString().trim();
    }
}
