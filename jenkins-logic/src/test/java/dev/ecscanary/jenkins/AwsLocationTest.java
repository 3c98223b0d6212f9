package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/** Where and as whom a step calls AWS, from its arguments, the spec, its environment and the controller. */
class AwsLocationTest {

    @Test
    void theFirstRegionGivenWinsAndMustBeARegion() {
        assertEquals("eu-west-1", AwsLocation.region(null, " ", "eu-west-1", "us-east-1"));
        assertNull(AwsLocation.region(null, ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwsLocation.region("Ireland"));
        assertEquals("'Ireland' is not an AWS region such as eu-west-1", e.getMessage());
    }

    @Test
    void anEndpointMustBeAnHttpUrl() {
        assertEquals("http://127.0.0.1:5000", AwsLocation.endpointUrl(null, "http://127.0.0.1:5000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AwsLocation.endpointUrl("127.0.0.1:5000"));
        assertEquals("endpointUrl '127.0.0.1:5000' is not an http(s) URL such as http://127.0.0.1:5000", e.getMessage());
    }

    @Test
    void keysInTheEnvironmentAreUsedWithTheirSessionToken() {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_SESSION_TOKEN", "token");

        AwsSessionCredentials credentials = assertInstanceOf(AwsSessionCredentials.class,
                AwsLocation.credentialsFromEnvironment(env::get).resolveCredentials());

        assertEquals("AKIDEXAMPLE", credentials.accessKeyId());
        assertEquals("token", credentials.sessionToken());
    }

    @Test
    void aKeyWithoutItsSecretIsNoCredential() {
        assertNull(AwsLocation.credentialsFromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")::get));
        assertNull(AwsLocation.credentialsFromEnvironment(name -> null));
    }
}
