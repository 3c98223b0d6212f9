package dev.ecscanary.jenkins;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Once a day: removes template copies no deployment used for {@link TemplateStore#RETENTION}. */
@Extension
public final class TemplateStoreCleanup extends AsyncPeriodicWork {

    public TemplateStoreCleanup() {
        super("ecs-canary template copies");
    }

    @Override
    public long getRecurrencePeriod() {
        return Duration.ofDays(1).toMillis();
    }

    @Override
    protected void execute(TaskListener listener) throws java.io.IOException {
        for (Path removed : new TemplateStore(JenkinsInputs.templateStore()).prune(Instant.now())) {
            listener.getLogger().println("removed " + removed + ": unused for " + TemplateStore.RETENTION.toDays()
                    + " days");
        }
    }
}
