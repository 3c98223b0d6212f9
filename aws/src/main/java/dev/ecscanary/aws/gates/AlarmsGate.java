package dev.ecscanary.aws.gates;

import dev.ecscanary.port.Gate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmType;
import software.amazon.awssdk.services.cloudwatch.model.CompositeAlarm;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;

/**
 * Fails while any of the named CloudWatch alarms (metric or composite) is in ALARM. A name that
 * matches no alarm fails too: a misspelt alarm must not pass for ever.
 */
final class AlarmsGate implements Gate {

    /** DescribeAlarms takes at most 100 names a call. */
    private static final int NAMES_PER_CALL = 100;

    private final CloudWatchClient cloudWatch;
    private final List<String> names;

    AlarmsGate(CloudWatchClient cloudWatch, List<String> names) {
        this.cloudWatch = cloudWatch;
        this.names = List.copyOf(new LinkedHashSet<>(names));
    }

    @Override
    public GateResult evaluate(GateContext context) {
        Map<String, AlarmState> found = GateCalls.call("CloudWatch DescribeAlarms for " + String.join(", ", names),
                this::describe);
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            AlarmState alarm = found.get(name);
            if (alarm == null) {
                problems.add("alarm " + name + " does not exist");
            } else if (alarm.state().equals("ALARM")) {
                problems.add("alarm " + name + " is in ALARM: " + (alarm.reason() == null ? "no reason given" : alarm.reason()));
            }
        }
        long inAlarm = names.stream().filter(n -> found.get(n) != null && found.get(n).state().equals("ALARM")).count();
        long ok = names.stream().filter(n -> found.get(n) != null && found.get(n).state().equals("OK")).count();
        GateResult result;
        if (!problems.isEmpty()) {
            result = GateResult.fail(String.join("; ", problems));
        } else if (ok < names.size()) {
            // Only OK passes: INSUFFICIENT_DATA (and any state CloudWatch may add) cannot vouch for green.
            result = GateResult.inconclusive("not enough data yet: " + names.stream()
                    .filter(name -> !found.get(name).state().equals("OK"))
                    .map(name -> "alarm " + name + " is " + found.get(name).state())
                    .collect(java.util.stream.Collectors.joining(", ")));
        } else {
            result = GateResult.pass(names.size() == 1 ? "alarm " + names.get(0) + " is OK"
                    : "all " + names.size() + " alarms are OK");
        }
        return result.measured("alarms", names.size()).measured("inAlarm", inAlarm).measured("ok", ok)
                .measured("missing", names.stream().filter(n -> found.get(n) == null).count())
                .limit("maxInAlarm", 0);
    }

    private Map<String, AlarmState> describe() {
        Map<String, AlarmState> found = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += NAMES_PER_CALL) {
            List<String> batch = names.subList(from, Math.min(names.size(), from + NAMES_PER_CALL));
            // Composite alarms are only returned when asked for by type.
            for (DescribeAlarmsResponse page : cloudWatch.describeAlarmsPaginator(r -> r.alarmNames(batch)
                    .alarmTypes(AlarmType.METRIC_ALARM, AlarmType.COMPOSITE_ALARM))) {
                for (MetricAlarm alarm : page.metricAlarms()) {
                    put(found, alarm.alarmName(), alarm.stateValueAsString(), alarm.stateReason());
                }
                for (CompositeAlarm alarm : page.compositeAlarms()) {
                    put(found, alarm.alarmName(), alarm.stateValueAsString(), alarm.stateReason());
                }
            }
        }
        return found;
    }

    private static void put(Map<String, AlarmState> found, String name, String state, String reason) {
        if (name == null || state == null) {
            throw new IllegalStateException("DescribeAlarms answered an alarm without its name or state (" + name + ")");
        }
        found.put(name, new AlarmState(state, reason));
    }

    private record AlarmState(String state, String reason) {
    }
}
