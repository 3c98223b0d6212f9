package dev.ecscanary.jenkins;

import hudson.Extension;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** EventBridge cannot send a CSRF crumb: the event endpoint authenticates by its shared secret instead. */
@Extension
public final class EcsEventsCrumbExclusion extends CrumbExclusion {

    private static final String PATH = "/" + EcsEventsEndpoint.URL_NAME;

    @Override
    public boolean process(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getPathInfo();
        if (path != null && (path.equals(PATH) || path.startsWith(PATH + "/"))) {
            chain.doFilter(request, response);
            return true;
        }
        return false;
    }
}
