package dev.ecscanary.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that must not run, with every problem found in it. */
public final class InvalidSpecException extends RuntimeException {

    private final transient List<SpecProblem> problems;
    private final String source;

    public InvalidSpecException(String source, List<SpecProblem> problems) {
        super(render(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    /** The file or other origin of the spec, or null when built from code. */
    public String source() {
        return source;
    }

    private static String render(String source, List<SpecProblem> problems) {
        String header = (source == null ? "the canary spec" : source) + " is invalid ("
                + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):";
        return problems.stream().map(p -> "  - " + p.describe(source))
                .collect(Collectors.joining("\n", header + "\n", ""));
    }
}
