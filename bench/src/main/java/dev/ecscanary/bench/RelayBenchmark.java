package dev.ecscanary.bench;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.aws.AwsSettings;
import dev.ecscanary.aws.DynamoDbStateStore;
import dev.ecscanary.cli.relay.RelayServer;
import dev.ecscanary.events.SharedSecret;
import dev.ecscanary.inmemory.InMemoryStateStore;
import dev.ecscanary.localaws.MotoServer;
import dev.ecscanary.port.StateStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.InstantSource;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * How many ECS events per second the CLI's relay accepts on loopback, each authenticated, parsed,
 * deduplicated and persisted before it is answered, and at what latency: first with the in-memory
 * store (the relay's own cost), then with the DynamoDB store in a moto_server started here (a
 * conditional write per event, against an emulator: the figure says more about moto than about
 * DynamoDB). Figures are printed, not asserted; the last line is machine-readable (in-memory).
 */
public final class RelayBenchmark {

    static final int EVENTS = Integer.getInteger("events", 20_000);
    static final int DYNAMO_EVENTS = Integer.getInteger("dynamoEvents", 2_000);
    static final int CLIENTS = Integer.getInteger("clients", 16);
    static final int WARMUP = Integer.getInteger("warmup", 3_000);
    static final String SECRET = "bench-secret-bench-secret-bench-secret";
    static final String TABLE = "bench-ecs-canary-state";

    private RelayBenchmark() {
    }

    /** The table cfn/setup.yaml creates: key pk + sk. */
    private static void createStateTable(DynamoDbClient dynamoDb) {
        dynamoDb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("sk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH),
                        k -> k.attributeName("sk").keyType(KeyType.RANGE)));
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("relay benchmark: %d clients on loopback; a quarter of the events are duplicates%n",
                CLIENTS);
        RelayLoad.Result memory = measure("in-memory store", new InMemoryStateStore(), EVENTS);
        RelayLoad.Result dynamo = null;
        try (MotoServer moto = MotoServer.start();
             AwsClients clients = new AwsClients(AwsSettings.defaults().withRegion(MotoServer.REGION.id())
                     .withEndpoint(moto.endpoint()).withCredentials(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create(MotoServer.DUMMY_KEY, MotoServer.DUMMY_KEY))))) {
            createStateTable(clients.dynamoDb());
            dynamo = measure("DynamoDB store (moto_server)", new DynamoDbStateStore(clients.dynamoDb(), TABLE),
                    DYNAMO_EVENTS);
        } catch (IllegalStateException e) {
            System.out.println("DynamoDB store: skipped (" + e.getMessage() + ")");
        }
        System.out.println();
        System.out.println(RelayLoad.Result.HEADER);
        System.out.println(memory.row("in-memory"));
        if (dynamo != null) {
            System.out.println(dynamo.row("dynamodb (moto)"));
        }
        System.out.printf(Locale.ROOT, "target: >= 2000 events/s and p99 <= 20 ms with the in-memory store: %s%n",
                memory.eventsPerSecond() >= 2000 && memory.p99Millis() <= 20 ? "met" : "NOT met");
        System.out.printf(Locale.ROOT, "bench: relay_events_per_s=%d p99_ms=%.2f%n",
                Math.round(memory.eventsPerSecond()), memory.p99Millis());
    }

    private static RelayLoad.Result measure(String name, StateStore store, int count) throws Exception {
        try (RelayServer relay = new RelayServer(store, SharedSecret.of(SECRET), InstantSource.system(), service -> {
        })) {
            InetSocketAddress bound = relay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    line -> { });
            URI events = URI.create("http://127.0.0.1:" + bound.getPort() + RelayServer.PATH);
            RelayLoad load = new RelayLoad(events, SECRET, CLIENTS);
            int warmup = Math.min(WARMUP, count / 2);
            load.run(EventMix.of("warmup", warmup));
            RelayLoad.Result result = load.run(EventMix.of("measured", count));
            System.out.println(name + ": " + result.summary());
            return result;
        }
    }
}
