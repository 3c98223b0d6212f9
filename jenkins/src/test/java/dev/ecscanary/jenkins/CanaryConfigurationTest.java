package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Manage Jenkins > System > ECS Canary: what is saved there survives the page, and the page says where events go. */
@WithJenkins
class CanaryConfigurationTest {

    @Test
    void theSystemPageKeepsEverySettingAndShowsTheEventEndpoint(JenkinsRule j) throws Exception {
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(
                Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "relay-secret", "the relay's secret",
                        Secret.fromString("0123456789abcdef0123456789abcdef")));
        CredentialsProvider.lookupStores(j.jenkins).iterator().next().addCredentials(
                Domain.global(),
                new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-events", "AKIAEXAMPLE", "secret", "events"));
        CanaryConfiguration config = CanaryConfiguration.get();
        config.setEventSecretCredentialsId("relay-secret");
        config.setStateTable("shop-ecs-canary-state");
        config.setRegion("eu-west-1");
        config.setEndpointUrl("http://127.0.0.1:5000");
        config.setCredentialsId("aws-events");

        j.configRoundtrip();

        assertEquals("relay-secret", config.getEventSecretCredentialsId());
        assertEquals("shop-ecs-canary-state", config.getStateTable());
        assertEquals("eu-west-1", config.getRegion());
        assertEquals("http://127.0.0.1:5000", config.getEndpointUrl());
        assertEquals("aws-events", config.getCredentialsId());
        String page = j.createWebClient().goTo("manage/configure").asNormalizedText();
        assertTrue(page.contains(j.getURL() + "ecs-canary-events/"), "the page names the endpoint's URL");
    }

    @Test
    void emptyFieldsAreSavedAsUnset(JenkinsRule j) throws Exception {
        CanaryConfiguration config = CanaryConfiguration.get();
        config.setStateTable("  ");
        config.setRegion("");

        j.configRoundtrip();

        assertEquals(null, config.getStateTable());
        assertEquals(null, config.getRegion());
        assertEquals(null, config.getEventSecretCredentialsId());
    }
}
