package dev.ecscanary.aws;

import dev.ecscanary.port.ProgressListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * The stack events of the operations we start, passed on to the progress listener once each, and
 * the failures among them.
 *
 * <p>Which event was reported last is remembered here, per deployment and stack, not persisted: after
 * a restart the events of the current operation are reported again, which is harmless.
 */
final class StackEventStream {

    /** 100 events a page: a stack operation with more than a thousand is not ours to narrate. */
    private static final int MAX_PAGES = 10;
    private static final int REMEMBERED_CURSORS = 1_000;

    private final CloudFormationClient cfn;
    private final ProgressListener listener;
    private final Map<String, String> lastReported = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_CURSORS;
                }
            });

    StackEventStream(CloudFormationClient cfn, ProgressListener listener) {
        this.cfn = cfn;
        this.listener = listener;
    }

    /** Reports the events of the operation that began at {@code operationStart} not reported yet. */
    void reportNew(String deploymentId, String stackName, Instant operationStart) {
        String key = cursorKey(deploymentId, stackName);
        report(deploymentId, stackName, read(stackName, operationStart, lastReported.get(key)));
    }

    /**
     * Reports what is new of a finished operation, and returns its failures: each event with a
     * {@code *_FAILED} status as {@code "<LogicalId> <Status>: <reason>"}, oldest first.
     */
    List<String> reportAndListFailures(String deploymentId, String stackName, Instant operationStart) {
        List<Event> all = read(stackName, operationStart, null);
        String cursor = lastReported.get(cursorKey(deploymentId, stackName));
        int alreadyReported = cursor == null ? -1 : indexOf(all, cursor);
        report(deploymentId, stackName, alreadyReported < 0 ? all : all.subList(alreadyReported + 1, all.size()));
        return failures(all);
    }

    private void report(String deploymentId, String stackName, List<Event> oldestFirst) {
        for (Event event : oldestFirst) {
            listener.onStackEvent(deploymentId, stackName, event.describe());
            lastReported.put(cursorKey(deploymentId, stackName), event.id());
        }
    }

    /** The events since {@code notBefore} (and after {@code afterEventId}, when given), oldest first. */
    private List<Event> read(String stackName, Instant notBefore, String afterEventId) {
        List<Event> newestFirst = new ArrayList<>();
        String token = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String pageToken = token;
            DescribeStackEventsResponse response = cfn.describeStackEvents(r -> r.stackName(stackName)
                    .nextToken(pageToken));
            for (StackEvent raw : response.stackEvents()) {
                Event event = Event.from(stackName, raw);
                if (event.id().equals(afterEventId) || event.timestamp().isBefore(notBefore)) {
                    Collections.reverse(newestFirst);
                    return newestFirst;
                }
                newestFirst.add(event);
            }
            token = response.nextToken();
            if (token == null) {
                break;
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    private static List<String> failures(List<Event> events) {
        List<Event> failed = events.stream().filter(Event::isFailure).toList();
        // "Resource creation cancelled" only says another resource failed first: show the causes.
        List<Event> causes = failed.stream().filter(event -> !event.isCancellation()).toList();
        return (causes.isEmpty() ? failed : causes).stream().map(Event::describeFailure).toList();
    }

    private static int indexOf(List<Event> events, String eventId) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).id().equals(eventId)) {
                return i;
            }
        }
        return -1;
    }

    private static String cursorKey(String deploymentId, String stackName) {
        return deploymentId + "\n" + stackName;
    }

    private record Event(String id, Instant timestamp, String logicalId, String status, String reason) {

        static Event from(String stackName, StackEvent event) {
            if (event.eventId() == null || event.timestamp() == null || event.logicalResourceId() == null
                    || event.resourceStatusAsString() == null) {
                throw new IllegalStateException("DescribeStackEvents answered an event of stack " + stackName
                        + " without its EventId, Timestamp, LogicalResourceId or ResourceStatus");
            }
            return new Event(event.eventId(), event.timestamp(), event.logicalResourceId(),
                    event.resourceStatusAsString(), event.resourceStatusReason());
        }

        boolean isFailure() {
            return status.endsWith("_FAILED");
        }

        boolean isCancellation() {
            return reason != null && reason.toLowerCase(Locale.ROOT).contains("cancelled");
        }

        String describe() {
            return logicalId + " " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
        }

        String describeFailure() {
            return logicalId + " " + status + ": " + (reason == null || reason.isBlank() ? "no reason given" : reason);
        }
    }
}
