package dev.ecscanary.testing;

/**
 * The spec file tests without AWS start from, shared by the command line's and the plugin's tests:
 * its template is a URL, so nothing is read from disk. Tests that need it invalid replace a line of
 * it, so its layout is part of their expectations (e.g. {@code percent: 25} is on line 23).
 */
public final class SpecYaml {

    public static final String SHOP = """
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
                  ImageTag: "1"
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

    private SpecYaml() {
    }
}
