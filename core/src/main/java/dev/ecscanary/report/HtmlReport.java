package dev.ecscanary.report;

import static dev.ecscanary.report.Html.escape;

import dev.ecscanary.spec.Durations;
import dev.ecscanary.spec.Exposure;
import dev.ecscanary.spec.Weights;
import dev.ecscanary.state.Drain;
import dev.ecscanary.state.DrainResult;
import dev.ecscanary.state.GateEvidence;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent.Approved;
import dev.ecscanary.state.HistoryEvent.FailingBack;
import dev.ecscanary.state.Phase;
import dev.ecscanary.state.ShareSample;
import dev.ecscanary.state.Verdict;
import dev.ecscanary.view.DeploymentView;
import dev.ecscanary.view.DeploymentView.ApprovalView;
import dev.ecscanary.view.DeploymentView.DriftView;
import dev.ecscanary.view.DeploymentView.FailBackView;
import dev.ecscanary.view.DeploymentView.GateView;
import dev.ecscanary.view.DeploymentView.Outcome;
import dev.ecscanary.view.DeploymentView.Service;
import dev.ecscanary.view.DeploymentView.StepOutcome;
import dev.ecscanary.view.DeploymentView.StepView;
import dev.ecscanary.view.DeploymentView.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The story of one deployment as one self-contained HTML5 page: what happened, when, why, with a
 * timeline chart of intended against observed traffic to green, the steps, the gates and every
 * recorded transition.
 *
 * <p>The page loads nothing (no external CSS, scripts, fonts or images) and contains no JavaScript
 * at all, so it opens offline and under Jenkins' Content-Security-Policy. The chart is inline SVG
 * styled by presentation attributes only: where a CSP drops inline CSS (Jenkins serves archived
 * artifacts with {@code style-src 'self'}), the chart keeps its colours and the tables stay plain
 * but readable. Hosts that embed the report in a page of their own take {@link #renderFragment}
 * and serve {@link #stylesheet()} from their own origin.
 *
 * <p>Every string taken from the record is HTML-escaped: records hold text from AWS and from people.
 * The markup is also well-formed XML (every element closed, attributes quoted, only XML's own
 * character references), so tools can parse it as XHTML.
 */
public final class HtmlReport {

    /** The class of the element wrapping the report; every CSS rule is scoped under it. */
    public static final String ROOT_CLASS = "ecs-canary-report";

    private static final String CSS = """
            .ecs-canary-report{--green:#15803d;--red:#b91c1c;--amber:#b45309;--blue:#1d4ed8;--muted:#4b5563;\
            --line:#d1d5db;--soft:#f3f4f6;color:#111827;background:#fff;\
            font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;\
            max-width:1280px;margin:0 auto;padding:16px 20px;color-scheme:light}
            .ecs-canary-report h1{font-size:22px;margin:0 0 4px}
            .ecs-canary-report h2{font-size:17px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}
            .ecs-canary-report code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
            .ecs-canary-report .outcome{display:inline-block;padding:2px 10px;border-radius:4px;color:#fff;\
            font-weight:700;letter-spacing:.03em;vertical-align:middle;font-size:15px}
            .ecs-canary-report .outcome-promoted{background:var(--green)}
            .ecs-canary-report .outcome-rolled-back,.ecs-canary-report .outcome-failing-back{background:var(--red)}
            .ecs-canary-report .outcome-in-progress{background:var(--blue)}
            .ecs-canary-report .summary{margin:6px 0 12px;color:#1f2937;font-size:15px}
            .ecs-canary-report .facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 16px;margin:0}
            .ecs-canary-report .facts dt{color:var(--muted);font-weight:600}
            .ecs-canary-report .facts dd{margin:0}
            .ecs-canary-report .alert{border-left:4px solid var(--red);background:#fef2f2;padding:8px 12px;margin:12px 0}
            .ecs-canary-report .note{color:var(--muted);font-size:13px}
            .ecs-canary-report figure{margin:0}
            .ecs-canary-report svg.timeline{display:block;width:100%;height:auto;border:1px solid var(--line)}
            .ecs-canary-report table{border-collapse:collapse;width:100%;margin:4px 0 8px;font-size:13px}
            .ecs-canary-report caption{text-align:left;color:var(--muted);padding:2px 0 6px}
            .ecs-canary-report th,.ecs-canary-report td{border:1px solid var(--line);padding:4px 8px;\
            text-align:left;vertical-align:top}
            .ecs-canary-report thead th{background:var(--soft)}
            .ecs-canary-report td.num,.ecs-canary-report th.num{text-align:right;white-space:nowrap}
            .ecs-canary-report td.nowrap,.ecs-canary-report span.nowrap{white-space:nowrap}
            .ecs-canary-report ul.evidence{margin:0;padding-left:16px}
            .ecs-canary-report ul.evidence li{margin:0}
            .ecs-canary-report .badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;\
            font-weight:600;border:1px solid currentColor;white-space:nowrap}
            .ecs-canary-report .ok{color:var(--green)}
            .ecs-canary-report .bad{color:var(--red)}
            .ecs-canary-report .wait{color:var(--amber)}
            .ecs-canary-report .idle{color:var(--muted)}
            .ecs-canary-report .phase{white-space:nowrap}
            .ecs-canary-report tr.row-failing-back td,.ecs-canary-report tr.row-rolled-back td{background:#fef2f2}
            .ecs-canary-report tr.row-promoted td{background:#f0fdf4}
            .ecs-canary-report tr.row-approval td{background:#fffbeb}
            .ecs-canary-report tr.step-not-reached td{color:var(--muted)}
            .ecs-canary-report footer{margin-top:24px;color:var(--muted);font-size:12px}
            @media print{.ecs-canary-report{max-width:none;padding:0;font-size:11px}\
            .ecs-canary-report *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\
            .ecs-canary-report figure,.ecs-canary-report tr{break-inside:avoid}\
            .ecs-canary-report thead{display:table-header-group}\
            .ecs-canary-report h2{break-after:avoid}}
            """;

    private HtmlReport() {
    }

    /** The whole page: {@code <!DOCTYPE html>}, head with the stylesheet, and the report. */
    public static String render(DeploymentView view) {
        Objects.requireNonNull(view, "view");
        String title = "ecs-canary \u00b7 " + view.id() + " \u00b7 " + outcomeLabel(view);
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                // Belt and braces: even if something slipped through escaping, nothing may run or load.
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"/>\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                + "<meta name=\"generator\" content=\"ecs-canary\"/>\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + CSS + "body{margin:0;background:#fff}\n</style>\n"
                + "</head>\n<body>\n" + renderFragment(view) + "\n</body>\n</html>\n";
    }

    /**
     * The report alone, one {@code <div class="ecs-canary-report">}, to embed in a host page (the
     * Jenkins build page) that links {@link #stylesheet()} itself. Ids inside are prefixed with the
     * deployment id, so two reports can share a page.
     */
    public static String renderFragment(DeploymentView view) {
        Objects.requireNonNull(view, "view");
        return new Writer(view).write();
    }

    /** The report's CSS, every rule scoped under {@code .ecs-canary-report}. */
    public static String stylesheet() {
        return CSS;
    }

    /** Writes {@link #render} to {@code file} as UTF-8, creating its parent directories. */
    public static void write(DeploymentView view, Path file) {
        String html = render(view);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + view.id() + " to " + file, e);
        }
    }

    /** {@code PROMOTED}, {@code ROLLED_BACK}, {@code FAILING BACK} or {@code IN PROGRESS}. */
    static String outcomeLabel(DeploymentView view) {
        return switch (view.outcome()) {
            case PROMOTED -> "PROMOTED";
            case ROLLED_BACK -> "ROLLED_BACK";
            case REFUSED -> "REFUSED";
            case FAILING_BACK -> "FAILING BACK";
            case IN_PROGRESS -> "IN PROGRESS";
        };
    }

    private static String outcomeClass(Outcome outcome) {
        return switch (outcome) {
            case PROMOTED -> "outcome-promoted";
            case ROLLED_BACK, REFUSED -> "outcome-rolled-back";
            case FAILING_BACK -> "outcome-failing-back";
            case IN_PROGRESS -> "outcome-in-progress";
        };
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Writer {
        private final DeploymentView v;
        private final Story story;
        private final String ids;
        private final StringBuilder out = new StringBuilder(64 * 1024);

        Writer(DeploymentView view) {
            this.v = view;
            this.story = Story.of(view);
            this.ids = "ecr-" + Html.token(view.id());
        }

        String write() {
            out.append("<div class=\"").append(ROOT_CLASS).append("\" id=\"").append(ids).append("\">\n");
            header();
            timeline();
            steps();
            drain();
            gates();
            transitions();
            out.append("<footer>Generated by ecs-canary from version ").append(v.version()).append(" of the record")
                    .append(" (last written ").append(escape(Html.dateTime(v.updatedAt()))).append("). Times are UTC.")
                    .append("</footer>\n");
            out.append("</div>");
            return out.toString();
        }

        // -----------------------------------------------------------------------------------------

        private void header() {
            Subject subject = v.subject();
            out.append("<header>\n<h1>Deployment <code>").append(escape(v.id())).append("</code> <span class=\"outcome ")
                    .append(outcomeClass(v.outcome())).append("\">").append(outcomeLabel(v)).append("</span></h1>\n");
            out.append("<p class=\"summary\">").append(escape(summary())).append("</p>\n");
            FailBackView fb = v.failBack();
            if (fb != null && fb.overdue()) {
                out.append("<p class=\"alert\"><strong>Fail-back not confirmed.</strong> Route53 did not confirm blue 100 / ")
                        .append("green 0 within the fail-back timeout; check the records and retry the rollback.</p>\n");
            }
            if (v.drift() != null && !v.finished()) {
                out.append("<p class=\"alert\"><strong>Records changed outside the deployment.</strong> They hold ")
                        .append(escape(v.drift().found())).append(", not ").append(escape(v.drift().expected()))
                        .append(" as written; shifting stopped. Restore them to carry on, or roll back; it fails back ")
                        .append("by itself at ").append(escape(Html.time(v.drift().holdUntil()))).append(".</p>\n");
            }
            out.append("<dl class=\"facts\">\n");
            fact("Outcome", escape(outcomeLabel(v) + (v.finished() ? "" : " \u2014 " + v.phase() + " ("
                    + v.phase().description() + ")")));
            if (subject != null && subject.recordName() != null) {
                fact("Record", "<code>" + escape(subject.recordName()) + "</code> in hosted zone <code>"
                        + escape(subject.hostedZoneId()) + "</code>");
                fact("SetIdentifiers", "blue <code>" + escape(subject.blueSetIdentifier()) + "</code>, green <code>"
                        + escape(subject.greenSetIdentifier()) + "</code>");
            }
            if (subject != null) {
                fact("Green service", service(subject.green())
                        + (subject.greenTaskDefinition() != null
                        ? " running <code>" + escape(subject.greenTaskDefinition()) + "</code>" : ""));
                fact("Blue service", service(subject.blue()));
                if (subject.region() != null) {
                    fact("Region", escape(subject.region()));
                }
                if (!subject.stacks().isEmpty()) {
                    fact("Stacks", String.join(", ", subject.stacks().stream()
                            .map(name -> "<code>" + escape(name) + "</code>").toList()) + " ("
                            + subject.stacksApplied() + " of " + subject.stacks().size() + " applied)");
                }
            }
            fact("Started", escape(Html.dateTime(story.start)));
            fact("Ended", v.finished() ? escape(Html.dateTime(story.end)) : "\u2014 (still running; last update "
                    + escape(Html.dateTime(v.updatedAt())) + ")");
            fact(v.finished() ? "Duration" : "Running for", escape(Html.duration(Duration.between(story.start, story.end))));
            if (fb != null) {
                fact(v.outcome() == Outcome.REFUSED ? "Refused" : "Fail-back", "<strong class=\"bad\">" + escape(fb.trigger()) + "</strong> \u2014 " + escape(fb.reason())
                        + " <span class=\"note\">(since " + escape(Html.time(fb.since()))
                        + (fb.attempts() > 0 ? ", " + fb.attempts() + " failed attempt(s)" : "")
                        + (fb.overdue() ? ", OVERDUE" : "") + ")</span>");
            }
            for (DriftView drift : v.drifts()) {
                fact("Drift", "<strong class=\"bad\">" + escape(drift.found()) + "</strong> found instead of "
                        + escape(drift.expected()) + " <span class=\"note\">(at " + escape(Html.time(drift.at()))
                        + (drift.stepNumber() == null ? "" : ", step " + drift.stepNumber()) + "; "
                        + escape("alert".equals(drift.action()) ? "held for a person" : "failed back") + ")</span>");
            }
            if (v.drain() != null) {
                fact("Drain check", drainSummary(v.drain()));
            }
            if (v.abort() != null) {
                fact("Abort requested", escape("by " + v.abort().by() + " at " + Html.time(v.abort().at()) + ": "
                        + v.abort().reason()));
            }
            fact(v.finished() ? "Final weights" : "Current weights", weights(v.weights()));
            if (v.lastError() != null) {
                fact("Last error", escape(v.lastError()) + " <span class=\"note\">(" + v.errors() + " in a row)</span>");
            }
            out.append("</dl>\n</header>\n");
        }

        private String summary() {
            int steps = story.steps.size();
            long passed = story.steps.stream().filter(s -> s.outcome() == StepOutcome.PASSED).count();
            String took = Html.duration(Duration.between(story.start, story.end));
            if (v.outcome() == Outcome.REFUSED) {
                return "The deployment refused to start and shifted no traffic: Route53 was not changed"
                        + (v.weights() == null ? "." : " and holds " + v.weights() + ".") + " Why: "
                        + v.failBack().reason();
            }
            return switch (v.phase()) {
                case PROMOTED -> "Green was promoted: it serves 100% of the traffic after " + passed + " of " + steps
                        + " step(s), " + took + " after the deployment was created.";
                case ROLLED_BACK -> "Traffic was failed back to blue" + failBackWhere() + ": blue serves 100% again. "
                        + passed + " of " + steps + " step(s) passed; " + took + " in all.";
                case FAILING_BACK -> "Failing back to blue" + failBackWhere() + "; Route53 has not confirmed yet.";
                case DRAINING -> (v.drain().outcome() == Phase.PROMOTED ? "Green was promoted: it serves 100% of the "
                        + "traffic after " + passed + " of " + steps + " step(s)." : "Traffic was failed back to blue"
                        + failBackWhere() + ": blue serves 100% again.") + " Checking that clients left "
                        + v.drain().drainedSide() + " until " + Html.time(v.drain().windowEnd()) + ".";
                default -> "In progress: " + v.phase().description()
                        + (v.stepNumber() != null ? " at step " + v.stepNumber() + " of " + steps : "") + ", for " + took
                        + " so far.";
            };
        }

        private String failBackWhere() {
            FailBackView fb = v.failBack();
            String where = v.stepNumber() != null ? " at step " + v.stepNumber() : " before the first step";
            return fb == null ? where : where + " (" + fb.triggerText() + ")";
        }

        private void fact(String name, String html) {
            out.append("<dt>").append(escape(name)).append("</dt><dd>").append(html).append("</dd>\n");
        }

        private static String service(Service side) {
            if (side == null) {
                return "\u2014";
            }
            return "<code>" + escape(side.service()) + "</code> in cluster <code>" + escape(side.cluster()) + "</code>";
        }

        private static String weights(Weights w) {
            return w == null ? "unknown" : escape("blue " + w.blue() + " / green " + w.green()) + " <span class=\"note\">("
                    + escape(Html.percent(w.greenPercent())) + " green)</span>";
        }

        // -----------------------------------------------------------------------------------------

        private void timeline() {
            out.append("<section>\n<h2>Timeline</h2>\n<figure>\n");
            out.append(TimelineChart.render(story, ids));
            out.append("\n<figcaption class=\"note\">The solid line is the green share intended by the Route53 weights last ")
                    .append("written; diamonds mark the writes. ");
            if (story.observed.isEmpty()) {
                out.append("No gate measured the share green really received (a trafficShare gate does). ");
            } else if (story.observedFromCurrentGatesOnly) {
                out.append("Points are the shares green really received as measured by the gates of the last bake only; ")
                        .append("this record predates per-measurement samples. ");
            } else {
                out.append("Points are the shares green really received, as each gate measured them. ");
            }
            out.append("Shaded bands are the phases; hover over any element for details. The tables below hold the same ")
                    .append("facts as text.</figcaption>\n</figure>\n</section>\n");
        }

        private static String drainSummary(Drain drain) {
            DrainResult result = drain.result();
            if (result == null) {
                return "checking that clients left " + escape(drain.drainedSide()) + " until "
                        + escape(Html.time(drain.windowEnd())) + " <span class=\"note\">(from "
                        + escape(Html.time(drain.since())) + ", when Route53 served the change)</span>";
            }
            String css = result.status() == DrainResult.Status.NOT_DRAINED ? "bad" : "";
            return "<strong class=\"" + css + "\">" + escape(drainStatus(result.status())) + "</strong> \u2014 "
                    + escape(result.message()) + (result.cutShortBy() == null ? ""
                    : " <span class=\"note\">(cut short by " + escape(result.cutShortBy()) + ")</span>");
        }

        static String drainStatus(DrainResult.Status status) {
            return switch (status) {
                case DRAINED -> "drained";
                case NOT_DRAINED -> "not drained";
                case NO_TRAFFIC -> "no traffic to check";
                case UNMEASURED -> "not measured";
            };
        }

        /** The drained side minute by minute: what it still received, against the other side. */
        private void drain() {
            Drain drain = v.drain();
            if (drain == null || drain.result() == null || drain.result().timeline().isEmpty()) {
                return;
            }
            DrainResult result = drain.result();
            String side = drain.drainedSide();
            String other = side.equals("blue") ? "green" : "blue";
            out.append("<section>\n<h2>Drain check of ").append(escape(side)).append("</h2>\n<p>")
                    .append(escape(result.message())).append("</p>\n");
            if (result.stale() != null) {
                DrainResult.Stale stale = result.stale();
                out.append("<p class=\"note\">From twice the TTL after the change on (").append(stale.minutes())
                        .append(" minute(s)): ").append(escape(Html.number(stale.requestsPerMinute())))
                        .append(" requests a minute (").append(escape(Html.percent(stale.sharePercent())))
                        .append("), of them ").append(escape(Html.number(stale.staleDnsRequestsPerMinute())))
                        .append(" in minutes with new connections (stale DNS) and ")
                        .append(escape(Html.number(stale.keepAliveRequestsPerMinute())))
                        .append(" on kept-alive connections; ").append(escape(Html.number(stale.newConnectionsPerMinute())))
                        .append(" new connections a minute.</p>\n");
            }
            out.append("<table>\n<thead><tr><th>Minute</th><th>").append(escape(side)).append(" requests</th><th>")
                    .append(escape(other)).append(" requests</th><th>").append(escape(side))
                    .append(" share</th><th>").append(escape(side)).append(" new connections</th></tr></thead>\n<tbody>\n");
            for (DrainResult.DrainMinute m : result.timeline()) {
                long total = m.drainedRequests() + m.otherRequests();
                out.append("<tr><td>").append(escape(Html.time(m.minute()))).append("</td><td>")
                        .append(m.drainedRequests()).append("</td><td>").append(m.otherRequests()).append("</td><td>")
                        .append(total == 0 ? "\u2014" : escape(Html.percent(100.0 * m.drainedRequests() / total)))
                        .append("</td><td>").append(m.drainedNewConnections()).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n</section>\n");
        }

        // -----------------------------------------------------------------------------------------

        private void steps() {
            out.append("<section>\n<h2>Steps</h2>\n");
            if (story.steps.isEmpty()) {
                out.append("<p class=\"note\">The spec has no steps.</p>\n</section>\n");
                return;
            }
            out.append("<table class=\"steps\">\n<caption>").append(story.steps.size())
                    .append(" step(s); the effective share is what the integer Route53 weights give.</caption>\n")
                    .append("<thead><tr><th class=\"num\">Step</th><th class=\"num\">Requested</th><th>Effective</th>")
                    .append("<th>Approval</th><th class=\"num\">Bake</th><th>Exposure if green turns bad</th>")
                    .append("<th>Outcome</th><th>Observed share</th>")
                    .append("<th>Gate evidence at the end of the bake</th></tr></thead>\n<tbody>\n");
            for (StepView step : story.steps) {
                out.append("<tr class=\"step-").append(step.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                        .append("\">");
                out.append("<td class=\"num\">").append(step.number()).append(" / ").append(story.steps.size()).append("</td>");
                out.append("<td class=\"num\">").append(step.requestedPercent() == null ? "\u2014"
                        : escape(Html.percent(step.requestedPercent()))).append("</td>");
                Weights w = step.weights();
                out.append("<td class=\"nowrap\">").append(w == null ? "\u2014" : escape(Html.percent(w.greenPercent()))
                        + " <span class=\"note\">(blue " + w.blue() + " / green " + w.green() + ")</span>").append("</td>");
                out.append("<td>").append(approval(step)).append("</td>");
                out.append("<td class=\"num\">").append(escape(step.bake() == null ? "\u2014" : step.bake().describe())).append("</td>");
                out.append("<td>").append(exposure(step.exposure())).append("</td>");
                out.append("<td>").append(outcome(step)).append("</td>");
                out.append("<td class=\"nowrap\">").append(observedSummary(step.observed())).append("</td>");
                out.append("<td>");
                if (step.evidence().isEmpty()) {
                    out.append("<span class=\"idle\">\u2014</span>");
                } else {
                    if (step.evidenceSoFar()) {
                        out.append("<span class=\"note\">so far:</span>");
                    }
                    evidenceList(step.evidence(), List.of());
                }
                out.append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n</section>\n");
        }

        private static String approval(StepView step) {
            StringBuilder html = new StringBuilder();
            ApprovalView approval = step.approval();
            if (!step.needsApproval()) {
                html.append("<span class=\"idle nowrap\">not needed</span>");
            } else if (approval == null) {
                html.append("<span class=\"idle\">needed; not asked</span>");
            } else {
                String css = switch (approval.decision()) {
                    case APPROVED -> "ok";
                    case WAITING -> "wait";
                    case REJECTED, NO_DECISION -> "bad";
                };
                String text = switch (approval.decision()) {
                    case APPROVED -> "approved by " + approval.by() + " at " + Html.time(approval.at());
                    case REJECTED -> "rejected by " + approval.by() + " at " + Html.time(approval.at());
                    case NO_DECISION -> "no decision within " + Durations.format(approval.within());
                    case WAITING -> "waiting since " + Html.time(approval.at());
                };
                html.append("<span class=\"").append(css).append("\">").append(escape(text)).append("</span>");
                for (String comment : approval.comments()) {
                    html.append("<br/><span class=\"note\">\u201c").append(escape(comment)).append("\u201d</span>");
                }
            }
            return html.toString();
        }

        private static String exposure(Exposure exposure) {
            if (exposure == null) {
                return "<span class=\"idle\">\u2014</span>";
            }
            if (exposure.total() == null) {
                return "<span class=\"bad\">" + escape(exposure.describe()) + "</span>";
            }
            return escape(exposure.describe()) + "<br/><span class=\"note\">" + escape("gate " + exposure.slowestGate()
                    + " notices in " + Durations.format(exposure.detection()) + ", then Route53 "
                    + Durations.format(exposure.failBack()) + " and the TTL " + Durations.format(exposure.ttl()))
                    + "</span>";
        }

        private static String outcome(StepView step) {
            String css = switch (step.outcome()) {
                case PASSED -> "ok";
                case FAILED -> "bad";
                case IN_PROGRESS -> "wait";
                case NOT_REACHED -> "idle";
            };
            return "<span class=\"badge " + css + "\">" + escape(step.outcome().label) + "</span>"
                    + (step.outcomeNote() == null ? "" : "<br/><span class=\"note\">" + escape(step.outcomeNote()) + "</span>");
        }

        private static String observedSummary(List<ShareSample> samples) {
            if (samples.isEmpty()) {
                return "<span class=\"idle\">\u2014</span>";
            }
            DoubleSummaryStatistics stats = samples.stream().mapToDouble(ShareSample::observedPercent).summaryStatistics();
            String range = stats.getMin() == stats.getMax() ? Html.percent(stats.getMin())
                    : Html.percent(stats.getMin()) + " \u2013 " + Html.percent(stats.getMax());
            return escape(range) + " <span class=\"note\">(" + samples.size() + " sample" + (samples.size() == 1 ? "" : "s")
                    + ")</span>";
        }

        // -----------------------------------------------------------------------------------------

        private void gates() {
            out.append("<section>\n<h2>Gates</h2>\n");
            List<GateView> gates = v.gates();
            if (gates.isEmpty()) {
                out.append("<p class=\"note\">No gate has run: the deployment never baked.</p>\n</section>\n");
                return;
            }
            out.append("<table class=\"gates\">\n<caption>The gates of the ")
                    .append(v.phase() == Phase.BAKING ? "current" : "last").append(" bake")
                    .append(v.stepNumber() != null ? escape(" (step " + v.stepNumber() + ")") : "")
                    .append(", as last evaluated.</caption>\n")
                    .append("<thead><tr><th>Gate</th><th>Verdict</th><th>Evidence</th><th class=\"num\">Evaluations</th>")
                    .append("<th class=\"num\">Consecutive failures</th><th>Observed share</th><th>Evaluated</th>")
                    .append("<th>Next due</th></tr></thead>\n<tbody>\n");
            for (GateView g : gates) {
                out.append("<tr><td><code>").append(escape(g.name())).append("</code>")
                        .append(g.type() == null || g.type().equals(g.name()) ? ""
                                : " <span class=\"note\">(" + escape(g.type()) + ")</span>")
                        .append("</td>");
                out.append("<td>").append(verdict(g.verdictText())).append("</td>");
                out.append("<td>").append(escape(g.message())).append("</td>");
                out.append("<td class=\"num\">").append(g.evaluations()).append("</td>");
                out.append("<td class=\"num\">").append(g.consecutiveFailures())
                        .append(g.failureThreshold() == null ? "" : " / " + g.failureThreshold()).append("</td>");
                out.append("<td class=\"nowrap\">");
                if (g.observedGreenPercent() == null) {
                    out.append("<span class=\"idle\">not measured</span>");
                } else {
                    out.append(escape(Html.percent(g.observedGreenPercent())));
                    if (g.intendedGreenPercent() != null) {
                        out.append(" <span class=\"note\">(intended ").append(escape(Html.percent(g.intendedGreenPercent())))
                                .append(")</span>");
                    }
                }
                out.append("</td>");
                out.append("<td class=\"nowrap\">").append(escape(Html.time(g.evaluatedAt()))).append("</td>");
                out.append("<td class=\"nowrap\">").append(g.nextAt() != null ? escape(Html.time(g.nextAt())) : "\u2014")
                        .append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n</section>\n");
        }

        private static String verdict(String verdict) {
            String css = Verdict.PASS.name().equals(verdict) ? "ok" : Verdict.FAIL.name().equals(verdict) ? "bad"
                    : Verdict.INCONCLUSIVE.name().equals(verdict) ? "wait" : "idle";
            return "<span class=\"badge " + css + "\">" + escape(verdict) + "</span>";
        }

        /** Gate evidence, each with a verdict badge, and other details, a line each. */
        private void evidenceList(List<GateEvidence> gates, List<String> details) {
            out.append("<ul class=\"evidence\">");
            for (GateEvidence g : gates) {
                out.append("<li>").append(verdict(g.verdict() == null ? "pending" : g.verdict().name()))
                        .append(" <code>").append(escape(g.gate())).append("</code>");
                if (g.message() != null) {
                    out.append(" \u2014 ").append(escape(g.message()));
                }
                out.append("</li>");
            }
            for (String detail : details) {
                out.append("<li>").append(escape(detail)).append("</li>");
            }
            out.append("</ul>");
        }

        // -----------------------------------------------------------------------------------------

        private void transitions() {
            List<HistoryEntry> history = v.history();
            out.append("<section>\n<h2>Transitions</h2>\n<table class=\"transitions\">\n<caption>")
                    .append(history.size()).append(" recorded transition(s) and traffic change(s), oldest first.</caption>\n")
                    .append("<thead><tr><th>Time</th><th class=\"num\">Elapsed</th><th>Phase</th><th class=\"num\">Step</th>")
                    .append("<th>Weights</th><th>Event</th><th>By</th><th>Evidence</th></tr></thead>\n<tbody>\n");
            for (HistoryEntry e : history) {
                out.append("<tr").append(rowClass(e)).append(">");
                out.append("<td class=\"nowrap\">").append(escape(Html.time(e.at()))).append("</td>");
                out.append("<td class=\"num\">").append(e.at() == null ? "" : escape(Html.offset(story.start, e.at())))
                        .append("</td>");
                out.append("<td class=\"phase\">").append(phase(e.phase())).append("</td>");
                out.append("<td class=\"num\">").append(e.step() >= 0 ? (e.step() + 1) + "" : "\u2014").append("</td>");
                Weights w = e.weights();
                out.append("<td class=\"nowrap\">").append(w == null ? "<span class=\"idle\">unknown</span>"
                        : escape(w.blue() + " / " + w.green()) + " <span class=\"note\">(" + escape(Html.percent(w.greenPercent()))
                        + ")</span>").append("</td>");
                out.append("<td>").append(escape(e.text())).append("</td>");
                out.append("<td class=\"nowrap\">").append(escape(e.by())).append("</td>");
                out.append("<td>");
                List<String> details = e.event() instanceof FailingBack f ? f.details() : List.of();
                if (!e.gates().isEmpty() || !details.isEmpty()) {
                    evidenceList(e.gates(), details);
                }
                out.append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n<p class=\"note\">Weights are blue / green Route53 weights with the green share ")
                    .append("in brackets: the weights written last when the entry was recorded.</p>\n</section>\n");
        }

        private static String rowClass(HistoryEntry e) {
            if (e.phase() == null) {
                return "";
            }
            return switch (e.phase()) {
                case FAILING_BACK -> " class=\"row-failing-back\"";
                case ROLLED_BACK -> " class=\"row-rolled-back\"";
                case PROMOTED -> " class=\"row-promoted\"";
                case AWAITING_APPROVAL -> " class=\"row-approval\"";
                default -> e.is(Approved.class) ? " class=\"row-approval\"" : "";
            };
        }

        private static String phase(Phase phase) {
            if (phase == null) {
                return "";
            }
            String css = switch (phase) {
                case PROMOTED -> "ok";
                case FAILING_BACK, ROLLED_BACK -> "bad";
                case AWAITING_APPROVAL -> "wait";
                default -> "idle";
            };
            return "<span class=\"badge " + css + "\" title=\"" + escape(phase.description()) + "\">" + escape(phase.name())
                    + "</span>";
        }
    }
}
