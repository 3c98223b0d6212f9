package dev.ecscanary.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --table}: the DynamoDB state table, from the flag or {@code ECS_CANARY_TABLE}. */
final class TableOption {

    static final String VARIABLE = "ECS_CANARY_TABLE";
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,255}");

    @Option(names = "--table", paramLabel = "TABLE",
            description = "DynamoDB table holding the deployments (default: $" + VARIABLE + ").")
    String table;

    String resolve(CliEnvironment environment) {
        String name = table != null ? table : environment.variable(VARIABLE);
        if (name == null) {
            throw new UsageException("--table is required (or set " + VARIABLE + ")");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw new UsageException((table != null ? "--table" : VARIABLE) + ": '" + name
                    + "' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)");
        }
        return name;
    }
}
