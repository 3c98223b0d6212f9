package dev.ecscanary.spec;

/**
 * One thing wrong with a spec.
 *
 * @param field where, as people write it: {@code steps[2].percent}; empty for the whole spec
 * @param line  the line in the source file, or 0 when unknown or built from code
 */
public record SpecProblem(String field, int line, String message) {

    public SpecProblem withLine(int sourceLine) {
        return new SpecProblem(field, sourceLine, message);
    }

    /** {@code canary.yaml:12: steps[2].percent: must be greater than 25}. */
    public String describe(String source) {
        StringBuilder out = new StringBuilder();
        if (source != null) {
            out.append(source).append(line > 0 ? ":" + line : "").append(": ");
        } else if (line > 0) {
            out.append("line ").append(line).append(": ");
        }
        if (!field.isEmpty()) {
            out.append(field).append(": ");
        }
        return out.append(message).toString();
    }
}
