package dev.ecscanary.inmemory;

import dev.ecscanary.port.Approvals;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Approvals whose decisions a test records (or which approve everything at once, as the CLI's
 * {@code --approve auto} does); it remembers each request it was asked.
 */
public final class ScriptedApprovals implements Approvals {

    private final Map<String, ApprovalDecision> decisions = new ConcurrentHashMap<>();
    private final List<ApprovalRequest> requests = new CopyOnWriteArrayList<>();
    private final ApprovalDecision automatic;

    private ScriptedApprovals(ApprovalDecision automatic) {
        this.automatic = automatic;
    }

    public static ScriptedApprovals manual() {
        return new ScriptedApprovals(null);
    }

    public static ScriptedApprovals automatic(String approver) {
        return new ScriptedApprovals(ApprovalDecision.approve(approver));
    }

    public void decide(String deploymentId, int stepIndex, ApprovalDecision decision) {
        decisions.put(deploymentId + "#" + stepIndex, decision);
    }

    @Override
    public void request(ApprovalRequest request) {
        if (requests.stream().noneMatch(r -> r.deploymentId().equals(request.deploymentId())
                && r.stepIndex() == request.stepIndex())) {
            requests.add(request);
        }
    }

    @Override
    public Optional<ApprovalDecision> decision(String deploymentId, int stepIndex) {
        ApprovalDecision decided = decisions.get(deploymentId + "#" + stepIndex);
        return Optional.ofNullable(decided != null ? decided : automatic);
    }

    public List<ApprovalRequest> requests() {
        return List.copyOf(requests);
    }
}
