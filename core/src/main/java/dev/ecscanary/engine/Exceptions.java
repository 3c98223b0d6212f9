package dev.ecscanary.engine;

/** The ways starting or finding a deployment can be refused. */
public final class Exceptions {

    private Exceptions() {
    }

    /** No deployment of that id was ever created in the state table. */
    public static final class UnknownDeploymentException extends RuntimeException {
        public UnknownDeploymentException(String deploymentId) {
            super("no deployment '" + deploymentId + "' in the state table");
        }
    }

    /** A deployment of that id exists with another spec: ids are never reused. */
    public static final class DeploymentConflictException extends RuntimeException {
        public DeploymentConflictException(String deploymentId) {
            super("deployment '" + deploymentId + "' already exists with a different spec; "
                    + "a deployment is never started twice: give this one a new id");
        }
    }

    /** The world is not in a state the deployment may start from; nothing was changed. */
    public static final class DeploymentRefusedException extends RuntimeException {
        public DeploymentRefusedException(String message) {
            super(message);
        }
    }
}
