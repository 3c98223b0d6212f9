package dev.ecscanary.cli;

import dev.ecscanary.localaws.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ecs-canary deploy} as its own process (the real {@code Main}, on the test classpath), with
 * moto's dummy credentials in its environment: a driver a test can kill or stop.
 */
final class ChildDeploy {

    private ChildDeploy() {
    }

    /** @param log where the child's output goes */
    static Process start(Path spec, String endpoint, String lease, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "deploy", "-f", spec.toString(), "--endpoint-url", endpoint, "--approve", "auto",
                "--lease-duration", lease);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", MotoServer.DUMMY_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", MotoServer.DUMMY_KEY);
        env.put("HOSTNAME", "testhost");
        env.put("USER", "tester");
        return builder.start();
    }

    /** The child's output, for a failure message. */
    static String output(Path log) {
        try {
            return "\n--- child:\n" + Files.readString(log);
        } catch (IOException e) {
            return "\n--- child: no output";
        }
    }
}
