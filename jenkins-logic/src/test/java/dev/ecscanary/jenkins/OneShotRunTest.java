package dev.ecscanary.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** canaryPrepare, canaryStatus, canaryGates: one piece of work on the pool, ended once. */
class OneShotRunTest {

    final List<Runnable> queued = new ArrayList<>();
    final List<String> endings = new ArrayList<>();
    boolean terminating;
    boolean rejecting;
    Object answer = "PROMOTED";

    @Test
    void theWorkRunsOnThePoolAndEndsTheStepWithItsValue() {
        OneShotRun run = new OneShotRun(work());
        run.submit(host());
        assertEquals(List.of(), endings, "nothing is done on the caller's thread");

        runQueued();

        assertEquals(List.of("success PROMOTED"), endings);
        assertEquals("reading deployment shop-web-42", run.status());
    }

    @Test
    void anAbortEndsTheStepOnceWhateverTheWorkDoesAfterwards() {
        OneShotRun run = new OneShotRun(work());
        run.submit(host());

        run.stop(host(), new IllegalStateException("aborted by alice"));
        runQueued();
        run.stop(host(), new IllegalStateException("again"));

        assertEquals(List.of("failure aborted by alice"), endings);
    }

    @Test
    void aFailureEndsTheStepButWhileJenkinsStopsTheWorkIsLeftForTheRestart() {
        answer = new StepFailure("no deployment nope in the state table t");
        OneShotRun run = new OneShotRun(work());
        terminating = true;
        run.submit(host());
        runQueued();
        assertEquals(List.of(), endings);

        terminating = false;
        run.submit(host()); // resumed after the restart
        runQueued();
        assertEquals(List.of("failure no deployment nope in the state table t"), endings);
    }

    @Test
    void aPoolThatRefusesWorkFailsTheStepUnlessJenkinsStops() {
        rejecting = true;
        terminating = true;
        new OneShotRun(work()).submit(host());
        assertEquals(List.of(), endings);

        terminating = false;
        new OneShotRun(work()).submit(host());
        assertEquals(List.of("failure the pool is shut down"), endings);
    }

    OneShotWork work() {
        return new DeploymentRead.Status(new DeploymentArgs("shop-web-42", "table", null, null, null));
    }

    void runQueued() {
        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }
    }

    OneShotRun.Host host() {
        return new OneShotRun.Host() {
            @Override
            public ExecutorService pool() {
                return new AbstractExecutorService() {
                    @Override
                    public void execute(Runnable command) {
                        if (rejecting) {
                            throw new RejectedExecutionException("the pool is shut down");
                        }
                        queued.add(command);
                    }

                    @Override
                    public void shutdown() {
                    }

                    @Override
                    public List<Runnable> shutdownNow() {
                        return List.of();
                    }

                    @Override
                    public boolean isShutdown() {
                        return false;
                    }

                    @Override
                    public boolean isTerminated() {
                        return false;
                    }

                    @Override
                    public boolean awaitTermination(long timeout, TimeUnit unit) {
                        return true;
                    }
                };
            }

            @Override
            public boolean terminating() {
                return terminating;
            }

            @Override
            public Object compute(OneShotWork work) throws Exception {
                if (answer instanceof Exception e) {
                    throw e;
                }
                return answer;
            }

            @Override
            public void end(StepLifecycle.Ending ending) {
                endings.add(ending instanceof StepLifecycle.Ending.Success success ? "success " + success.value()
                        : "failure " + ((StepLifecycle.Ending.Failure) ending).error().getMessage());
            }
        };
    }
}
