package dev.ecscanary.state;

/** What a gate concluded. INCONCLUSIVE holds a step (until its deadline); it never promotes. */
public enum Verdict {
    PASS, FAIL, INCONCLUSIVE
}
