package dev.ecscanary.localaws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Service;

class MotoServerTest {

    @TempDir
    Path temp;

    @Test
    void closeEndsTheProcessAndFreesThePort() {
        MotoServer moto = MotoServer.start();
        ProcessHandle process = moto.processHandle();
        int port = moto.port();
        assertThat(process.isAlive()).isTrue();

        moto.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.descendants()).isEmpty();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }).isInstanceOf(IOException.class);
        moto.close();
    }

    @Test
    void extraEnvironmentReachesMoto() {
        try (MotoServer moto = MotoServer.builder().env("MOTO_ECS_SERVICE_RUNNING", "2").start();
             EcsClient ecs = moto.client(EcsClient.builder())) {
            ecs.createCluster(r -> r.clusterName("canary"));
            ecs.registerTaskDefinition(r -> r.family("app").containerDefinitions(ContainerDefinition.builder()
                    .name("app").image("nginx").memory(128).build()));
            ecs.createService(r -> r.cluster("canary").serviceName("app-green").taskDefinition("app")
                    .desiredCount(2));

            Service service = ecs.describeServices(r -> r.cluster("canary").services("app-green"))
                    .services().get(0);

            assertThat(service.runningCount()).isEqualTo(2);
        }
    }

    @Test
    void childGetsDummyAwsEnvironmentAndTheExtraVariables() throws IOException {
        // A stand-in that prints its environment and announces a port nothing listens on.
        Path fake = script("env\necho ' * Running on http://127.0.0.1:1'\nexec sleep 60\n");

        assertThatThrownBy(() -> MotoServer.builder().executable(fake.toString()).env("EXTRA_FOR_MOTO", "yes")
                .startTimeout(Duration.ofSeconds(2)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("moto-api not ready")
                .hasMessageContaining("AWS_ACCESS_KEY_ID=testing")
                .hasMessageContaining("AWS_SECRET_ACCESS_KEY=testing")
                .hasMessageContaining("AWS_DEFAULT_REGION=us-east-1")
                .hasMessageContaining("EXTRA_FOR_MOTO=yes");
    }

    @Test
    void serverThatNeverAnnouncesAPortFailsWithItsOutput() throws IOException {
        Path fake = script("echo 'not moto, just talking'\nexec sleep 60\n");

        assertThatThrownBy(() -> MotoServer.builder().executable(fake.toString())
                .startTimeout(Duration.ofSeconds(1)).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not start within 1 s")
                .hasMessageContaining("Running on http://127.0.0.1:<port>")
                .hasMessageContaining("not moto, just talking");
    }

    @Test
    void missingExecutableNamesTheOverride() {
        assertThatThrownBy(() -> MotoServer.builder().executable(temp.resolve("no-such-moto").toString()).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(MotoServer.EXECUTABLE_ENV);
    }

    private Path script(String body) throws IOException {
        Path file = temp.resolve("fake-moto.sh");
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
