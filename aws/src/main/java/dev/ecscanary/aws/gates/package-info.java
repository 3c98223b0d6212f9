/**
 * The health gates on AWS: green's target health (ELBv2), CloudWatch alarms, and ALB metrics from
 * CloudWatch (error rate and p99 latency, against a limit or against blue, and the share of requests
 * green really receives). {@link dev.ecscanary.aws.gates.AwsGateFactory} makes them from the spec.
 *
 * <p>A gate says FAIL only about green; when it cannot judge yet (too few requests, targets still
 * starting) it says INCONCLUSIVE, which holds the step. An error from AWS propagates: the engine
 * turns it into INCONCLUSIVE with the message.
 */
package dev.ecscanary.aws.gates;
