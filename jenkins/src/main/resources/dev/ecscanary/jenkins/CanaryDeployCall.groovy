package dev.ecscanary.jenkins

/**
 * What {@code canaryDeploy} in a Pipeline script calls (see CanaryDeployVariable): the canaryDeploy step
 * with the approval body when a body is given, else canaryDeployUnattended. Steps are called through
 * {@code script.steps}, not the script itself, where this variable would answer again. Runs as
 * Pipeline code and is saved with the build: keep its signatures as they are.
 */
class CanaryDeployCall implements Serializable {

    private static final long serialVersionUID = 1L

    private final org.jenkinsci.plugins.workflow.cps.CpsScript script

    CanaryDeployCall(org.jenkinsci.plugins.workflow.cps.CpsScript script) {
        this.script = script
    }

    def call(Map args) {
        script.steps.canaryDeployUnattended(args)
    }

    def call(Map args, Closure approval) {
        script.steps.canaryDeploy(args, approval)
    }

    /** {@code canaryDeploy(id)}: the deployment canaryPrepare prepared in this build. */
    def call(String deployment) {
        call([deployment: deployment])
    }

    def call(String deployment, Closure approval) {
        call([deployment: deployment], approval)
    }
}
