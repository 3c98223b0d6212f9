package dev.ecscanary.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Spec files for tests that need no AWS: templates are URLs, so nothing is checked on disk. */
final class SpecFiles {

    static final String VALID = """
            deployment: shop-web-42
            stateTable: shop-ecs-canary-state
            region: eu-west-1
            dns:
              hostedZoneId: Z0123456789ABC
              recordName: shop.example.com
              blueSetIdentifier: blue
              greenSetIdentifier: green
              ttl: 30s
            green:
              cluster: shop
              service: shop-green
              targetGroup: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-green/1
            stacks:
              - name: shop-green
                template: https://example.com/service.yaml
                parameters:
                  Side: green
            steps:
              - percent: 10
                bake: 5m
              - percent: 25
                bake: 5m
                approval: true
              - percent: 50
                bake: 10m
              - percent: 100
            gates:
              - type: targetHealth
                minHealthy: 2
            """;

    private SpecFiles() {
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
