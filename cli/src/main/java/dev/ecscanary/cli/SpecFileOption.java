package dev.ecscanary.cli;

import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.SpecReader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -f SPEC}: the canary spec, read strictly (every problem names its field and line). */
final class SpecFileOption {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "SPEC",
            description = "The canary spec (YAML).")
    Path file;

    /** @throws dev.ecscanary.spec.InvalidSpecException for a missing file or any problem in it */
    CanarySpec read() {
        return SpecReader.read(file);
    }
}
