package dev.ecscanary.cli.render;

import dev.ecscanary.preflight.PreflightCheck;
import dev.ecscanary.preflight.PreflightCheck.Outcome;
import dev.ecscanary.preflight.PreflightReport;
import dev.ecscanary.view.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A preflight report for people, and as data for machines. */
public final class PreflightText {

    private PreflightText() {
    }

    public static String render(PreflightReport report) {
        List<String> lines = new ArrayList<>();
        lines.add("Preflight of deployment " + Printable.line(report.deploymentId()) + ":");
        for (PreflightCheck check : report.checks()) {
            lines.add("  " + pad(check.outcome().name(), 9) + Printable.line(check.check()) + " ("
                    + Printable.line(check.subject()) + "): " + describe(check));
        }
        lines.add(report.summary());
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static String describe(PreflightCheck check) {
        if (check.outcome() == Outcome.SKIPPED) {
            return Printable.line(check.found());
        }
        if (check.outcome() == Outcome.OK) {
            return Printable.line(check.found());
        }
        return "expected " + Printable.line(check.expected()) + "; found " + Printable.line(check.found());
    }

    /** {@code deploymentId}, {@code ready}, the counts, {@code summary} and every check. */
    public static Map<String, Object> asData(PreflightReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deploymentId", report.deploymentId());
        data.put("ready", !report.hasProblems() && report.complete());
        for (Outcome outcome : Outcome.values()) {
            data.put(outcome.name().toLowerCase(java.util.Locale.ROOT), report.count(outcome));
        }
        data.put("summary", report.summary());
        data.put("checks", report.checks());
        return data;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
