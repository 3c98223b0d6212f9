package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsPorts;
import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.aws.testing.StateTables;
import dev.ecscanary.localaws.MotoServer;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.testkit.MotoExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** canaryStatus and canaryGates: a deployment read from its state table (in moto), never changed. */
class DeploymentReadTest {

    static final String TABLE = "shop-ecs-canary-state";

    @RegisterExtension
    static final MotoExtension moto = new MotoExtension();

    @TempDir
    Path dir;

    TestBuild build;
    DeploymentRecord stored;

    @BeforeEach
    void aDeploymentInItsTable() {
        build = new TestBuild(dir);
        StateTables.create(moto.client(DynamoDbClient.builder()), TABLE);
        stored = Specs.record(Specs.valid(), Instant.parse("2026-03-01T12:00:00Z"));
        try (AwsClients clients = clients()) {
            AwsPorts.stateStore(clients, TABLE).create(stored);
        }
    }

    @Test
    void canaryStatusAnswersAPlainMapAndShowsTheRecordOnTheBuildsPage() throws Exception {
        Map<?, ?> status = (Map<?, ?>) new DeploymentRead.Status(args("shop-web-42")).compute(build.inputs(),
                target -> clients());

        assertEquals("shop-web-42", status.get("deployment"));
        assertEquals("PENDING", status.get("phase"));
        assertEquals(List.of(stored.version()), build.shown.stream().map(DeploymentRecord::version).toList());
        assertEquals(TABLE, build.pages.get("shop-web-42").stateTable(), "the build now has a page for it");
    }

    @Test
    void canaryGatesEvaluatesEveryGateOfTheSpecOnce() throws Exception {
        List<?> gates = (List<?>) new DeploymentRead.Gates(args("shop-web-42")).compute(build.inputs(),
                target -> clients());

        assertEquals(1, gates.size());
        assertEquals("targetHealth", ((Map<?, ?>) gates.get(0)).get("type"));
    }

    @Test
    void anUnknownDeploymentIsSaidSoInOneLine() {
        StepFailure e = assertThrows(StepFailure.class, () -> new DeploymentRead.Status(args("nope"))
                .compute(build.inputs(), target -> clients()));

        assertEquals("no deployment nope in the state table " + TABLE, e.getMessage());
        assertTrue(build.pages.isEmpty());
    }

    @Test
    void withoutAStateTableTheStepSaysWhereToGiveOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeploymentRead.Status(
                new DeploymentArgs("shop-web-42", null, null, null, null)).compute(build.inputs(), target -> clients()));

        assertTrue(e.getMessage().startsWith("no state table for deployment shop-web-42: give stateTable"));
    }

    static DeploymentArgs args(String id) {
        return new DeploymentArgs(id, TABLE, null, null, null);
    }

    static AwsClients clients() {
        return new AwsClients(AwsSettings.defaults().withRegion(MotoServer.REGION.id()).withEndpoint(moto.endpoint())
                .withCredentials(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY))));
    }
}
