package dev.ecscanary.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import groovy.lang.Binding;
import hudson.Extension;
import java.util.Objects;
import org.jenkinsci.plugins.workflow.cps.CpsScript;
import org.jenkinsci.plugins.workflow.cps.GlobalVariable;
import org.jenkinsci.plugins.workflow.cps.GroovySourceFileAllowlist;

/**
 * {@code canaryDeploy} in a Pipeline script, with or without a body. A Pipeline step takes a body
 * always or never ({@code "… step must be called with a body"}), and global variables are looked up
 * before steps, so this variable's {@code call} (CanaryDeployCall.groovy, run by Pipeline like the
 * script itself) picks the step: {@link CanaryDeployStep} with the approval body, else
 * {@link CanaryDeployUnattendedStep}.
 */
@Extension
public final class CanaryDeployVariable extends GlobalVariable {

    static final String CALL_CLASS = "dev.ecscanary.jenkins.CanaryDeployCall";

    @NonNull
    @Override
    public String getName() {
        return CanaryDeployStep.FUNCTION;
    }

    @NonNull
    @Override
    public Object getValue(@NonNull CpsScript script) throws Exception {
        Binding binding = script.getBinding();
        if (binding.hasVariable(getName())) {
            return binding.getVariable(getName());
        }
        // A constructor, not a method: a CPS-transformed method called from here would not return.
        Object call = script.getClass().getClassLoader().loadClass(CALL_CLASS).getConstructor(CpsScript.class)
                .newInstance(script);
        binding.setVariable(getName(), call);
        return call;
    }

    /** Lets Pipeline load CanaryDeployCall.groovy from this plugin (and nothing else of ours). */
    @Extension
    public static final class CallSourceAllowlist extends GroovySourceFileAllowlist {

        private final String callSource = Objects.requireNonNull(CanaryDeployVariable.class.getResource(
                "CanaryDeployCall.groovy"), "CanaryDeployCall.groovy is packaged with the plugin").toString();

        @Override
        public boolean isAllowed(String groovySourceFileUrl) {
            return callSource.equals(groovySourceFileUrl);
        }
    }
}
