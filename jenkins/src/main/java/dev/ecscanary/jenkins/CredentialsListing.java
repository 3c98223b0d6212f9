package dev.ecscanary.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/** The AWS credentials a step's form may offer, as the credentials plugin recommends. */
final class CredentialsListing {

    private CredentialsListing() {
    }

    static ListBoxModel aws(@CheckForNull Item item, @CheckForNull String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : !item.hasPermission(Item.EXTENDED_READ) && !item.hasPermission(CredentialsProvider.USE_ITEM)) {
            model.includeCurrentValue(current == null ? "" : current);
            return model;
        }
        Authentication as = item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
        model.includeEmptyValue();
        if (item == null) {
            model.includeAs(as, Jenkins.get(), AmazonWebServicesCredentials.class, List.of());
        } else {
            model.includeAs(as, item, AmazonWebServicesCredentials.class, List.of());
        }
        model.includeCurrentValue(current == null ? "" : current);
        return model;
    }
}
