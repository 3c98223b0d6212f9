/**
 * One view of a deployment, derived from its record by a pure function ({@link
 * dev.ecscanary.view.DeploymentView#of}): where it stands, each step's outcome, what it waits for and
 * until when, the gates, the fail-back, the traffic. Every screen renders it: the command line's
 * status, live and plain progress, the HTML report, the Jenkins page and the steps' return values.
 */
package dev.ecscanary.view;
