package dev.ecscanary.testkit;

import dev.ecscanary.localaws.MotoServer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/**
 * One moto per test class: started before all tests, reset before each (unless turned off), stopped
 * after all.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MotoExtension moto = new MotoExtension();
 *
 * @RegisterExtension
 * static final MotoExtension moto = MotoExtension.builder().env("MOTO_ECS_SERVICE_RUNNING", "2").build();
 * }</pre>
 *
 * With {@code @ExtendWith(MotoExtension.class)} the server reaches tests as a {@link MotoServer}
 * parameter. Register it on a static field: an instance field would miss the before-all start.
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final Map<String, String> env;
    private final boolean resetBeforeEach;
    private MotoServer server;
    // @Nested classes run the class callbacks again: they share the outer class's server.
    private int classDepth;

    public MotoExtension() {
        this(builder());
    }

    private MotoExtension(Builder builder) {
        this.env = Map.copyOf(builder.env);
        this.resetBeforeEach = builder.resetBeforeEach;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (classDepth++ == 0) {
            server = MotoServer.builder().env(env).start();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--classDepth == 0 && server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetBeforeEach) {
            server().reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server();
    }

    public synchronized MotoServer server() {
        if (server == null) {
            throw new IllegalStateException("moto is not running: register MotoExtension on a static field"
                    + " (@RegisterExtension static) or with @ExtendWith, and use it inside the test lifecycle");
        }
        return server;
    }

    public URI endpoint() {
        return server().endpoint();
    }

    public void reset() {
        server().reset();
    }

    /** See {@link MotoServer#client}: e.g. {@code moto.client(EcsClient.builder())}. */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder) {
        return server().client(builder);
    }

    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B configure(B builder) {
        return server().configure(builder);
    }

    /** See {@link MotoServer#cloudWatch()}. */
    public CloudWatchClient cloudWatch() {
        return server().cloudWatch();
    }

    public CloudWatchClientBuilder cloudWatchBuilder() {
        return server().cloudWatchBuilder();
    }

    /** Extra environment for the moto process, and whether each test starts from a reset moto. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private boolean resetBeforeEach = true;

        private Builder() {
        }

        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Keep state between the tests of a class, e.g. when they build on each other in order. */
        public Builder keepStateBetweenTests() {
            this.resetBeforeEach = false;
            return this;
        }

        public MotoExtension build() {
            return new MotoExtension(this);
        }
    }
}
