package dev.ecscanary.judge;

/** What a judge concluded: green is worse than allowed, it is not, or the evidence does not tell yet. */
public enum Judgement {
    PASS, FAIL, INCONCLUSIVE
}
