package dev.ecscanary.cli.demo;

import dev.ecscanary.aws.AwsClients;
import dev.ecscanary.cli.relay.RelayServer;
import dev.ecscanary.events.EcsEvents;
import dev.ecscanary.localaws.ShopSetup;
import dev.ecscanary.port.ProgressListener;
import dev.ecscanary.spec.CanarySpec;
import dev.ecscanary.spec.GateSpec;
import dev.ecscanary.spec.ServiceSide;
import dev.ecscanary.state.DeploymentRecord;
import dev.ecscanary.state.HistoryEntry;
import dev.ecscanary.state.HistoryEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.ecs.model.Deployment;

/**
 * The demo's stand-in for what moto does not do: when a deployment waits for green, green's tasks
 * start (their targets are registered, healthy at once in moto) and ECS's task state changes reach
 * the relay over HTTP, as EventBridge's API destination would post them, duplicates included; and
 * when told to, a side's 5xx alarm fires once its share reaches a percentage. Everything runs on its
 * own thread, never on the engine's.
 */
public final class PlayedEcs implements ProgressListener, AutoCloseable {

    private static final String[] LIFECYCLE = {"PENDING", "ACTIVATING", "RUNNING"};
    private static final Duration TASK_START = Duration.ofMillis(1500);

    private final AwsClients clients;
    private final String secret;
    private final PrintWriter out;
    private final ExecutorService ecs = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "demo-ecs");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    private final Map<String, Double> failAt = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private volatile URI relay;

    /** @param secret what EventBridge's connection would send in the secret header */
    public PlayedEcs(AwsClients clients, String secret, PrintWriter out, InstantSource clock) {
        this.clients = clients;
        this.secret = secret;
        this.out = out;
        this.clock = clock;
    }

    public void relayTo(URI events) {
        relay = events;
    }

    /** The deployment's first alarm will fire once green's share reaches {@code percent}. */
    public void failAtGreenPercent(CanarySpec spec, double percent) {
        failAt.put(spec.deploymentId(), percent);
    }

    @Override
    public void onHistory(DeploymentRecord record, HistoryEntry entry) {
        if (entry.is(HistoryEvent.StacksReady.class)) {
            ecs.execute(() -> startGreenTasks(record.spec()));
        }
        Double percent = failAt.get(record.id());
        if (percent != null && entry.is(HistoryEvent.WeightsWritten.class) && entry.weights() != null
                && entry.weights().greenPercent() >= percent && !entry.weights().isAllBlue()) {
            failAt.remove(record.id());
            ecs.execute(() -> fireAlarm(record.spec()));
        }
    }

    private void startGreenTasks(CanarySpec spec) {
        try {
            Thread.sleep(TASK_START.toMillis());
            ServiceSide green = spec.green();
            Deployment primary = clients.ecs().describeServices(b -> b.cluster(green.cluster()).services(green.service()))
                    .services().get(0).deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("service " + green.service() + " has no PRIMARY deployment"));
            String clusterArn = clients.ecs().describeClusters(b -> b.clusters(green.cluster())).clusters().get(0)
                    .clusterArn();
            ShopSetup.registerTargets(clients.elb(), green.targetGroup(), ipPrefix(green.service()));
            for (int task = 1; task <= primary.desiredCount(); task++) {
                String taskArn = clusterArn.replace(":cluster/", ":task/") + "/" + green.service() + "-task-" + task;
                for (int version = 1; version <= LIFECYCLE.length; version++) {
                    post(EcsEvents.taskStateChange(clusterArn, green.service(), taskArn, version,
                            LIFECYCLE[version - 1], primary.taskDefinition(), clock.instant()), false);
                }
                // EventBridge delivers at least once: the relay must shrug off the repeat.
                post(EcsEvents.taskStateChange(clusterArn, green.service(), taskArn, LIFECYCLE.length,
                        "RUNNING", primary.taskDefinition(), clock.instant()), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            say("the demo could not play ECS: " + e.getMessage());
        }
    }

    private void post(String event, boolean repeat) throws InterruptedException {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(relay)
                    .header(RelayServer.SECRET_HEADER, secret)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            String status = event.contains("\"lastStatus\":\"RUNNING\"") ? "RUNNING" : null;
            if (status != null) {
                say("ECS: a green task is RUNNING; EventBridge " + (repeat ? "delivers it again" : "relays it")
                        + " -> " + answer.statusCode() + " " + answer.body());
            }
        } catch (java.io.IOException e) {
            say("the relay did not answer: " + e.getMessage());
        }
    }

    private void fireAlarm(CanarySpec spec) {
        String alarm = spec.gates().stream().filter(g -> g instanceof GateSpec.Alarms).map(g -> (GateSpec.Alarms) g)
                .findFirst().map(g -> g.alarms().get(0))
                .orElseThrow(() -> new IllegalStateException(spec.deploymentId() + " has no alarms gate"));
        clients.cloudWatch().setAlarmState(b -> b.alarmName(alarm).stateValue(StateValue.ALARM)
                .stateReason("Threshold Crossed: 37 5xx answers in 1 minute (the new version fails)"));
        say("CloudWatch: alarm " + alarm + " goes to ALARM: the new version answers 5xx");
    }

    /** Each side's tasks in their own subnet, as in cfn/setup.yaml. */
    static String ipPrefix(String service) {
        return service.endsWith("blue") ? "10.42.0." : "10.42.1.";
    }

    private void say(String line) {
        synchronized (out) {
            out.println("   [demo] " + line);
            out.flush();
        }
    }

    @Override
    public void close() throws InterruptedException {
        ecs.shutdownNow();
        ecs.awaitTermination(5, TimeUnit.SECONDS);
    }
}
