package dev.ecscanary.spec;

/** Where a stack's template lives. */
public final class StackTemplates {

    private StackTemplates() {
    }

    public static boolean isUrl(String template) {
        return template.startsWith("https://") || template.startsWith("http://");
    }
}
