package dev.ecscanary.cli;

import dev.ecscanary.state.DeploymentRecord;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Parameters;

/** The {@code DEPLOYMENT} argument of status, resume and rollback. */
final class DeploymentArgument {

    private static final Pattern DEPLOYMENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Parameters(index = "0", paramLabel = "DEPLOYMENT", description = "The deployment id (the spec's 'deployment').")
    String id;

    String id() {
        if (!DEPLOYMENT_ID.matcher(id).matches()) {
            throw new UsageException("DEPLOYMENT: '" + id + "' is not a deployment id (letters, digits, '.', '_' "
                    + "and '-', starting with a letter or digit)");
        }
        return id;
    }

    DeploymentRecord require(Optional<DeploymentRecord> found, String table) {
        return found.orElseThrow(() -> new UsageException("DEPLOYMENT: no deployment '" + id + "' in table '" + table
                + "' (is it the right table and region?)"));
    }
}
