package dev.ecscanary.jenkins;

import hudson.model.Run;
import jenkins.model.Jenkins;

/**
 * The driver id a build holds deployment leases under: {@code jenkins:<root URL or instance id>:<build>}.
 * The same for every step of the build and across restarts of the controller, so a resumed step
 * carries on at once instead of waiting for its own lease to expire; different for every build and
 * every controller, so two never act on a deployment at the same time.
 */
final class LeaseOwner {

    private LeaseOwner() {
    }

    static String of(Run<?, ?> run) {
        Jenkins jenkins = Jenkins.get();
        String root = jenkins.getRootUrl();
        return "jenkins:" + (root != null ? root : jenkins.getLegacyInstanceId()) + ":" + run.getExternalizableId();
    }
}
