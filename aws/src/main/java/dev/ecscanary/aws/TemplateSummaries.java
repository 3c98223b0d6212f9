package dev.ecscanary.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryResponse;
import software.amazon.awssdk.services.cloudformation.model.ParameterDeclaration;

/**
 * The parameters a template declares, asked of CloudFormation (GetTemplateSummary understands
 * YAML, JSON and every intrinsic) once per template: the stack operator is called every few seconds
 * and the template does not change in between.
 */
final class TemplateSummaries {

    private static final int CACHED_TEMPLATES = 64;

    private final CloudFormationClient cfn;
    private final Map<String, Map<String, TemplateParameter>> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, TemplateParameter>> eldest) {
                    return size() > CACHED_TEMPLATES;
                }
            });

    TemplateSummaries(CloudFormationClient cfn) {
        this.cfn = cfn;
    }

    /** The declared parameters by name, in template order. */
    Map<String, TemplateParameter> parameters(StackTemplate template) {
        Map<String, TemplateParameter> known = cache.get(template.identity());
        if (known != null) {
            return known;
        }
        Map<String, TemplateParameter> declared = declaredIn(template, summary(template));
        cache.put(template.identity(), declared);
        return declared;
    }

    private GetTemplateSummaryResponse summary(StackTemplate template) {
        try {
            return cfn.getTemplateSummary(template.summaryRequest().build());
        } catch (AwsServiceException e) {
            if (CloudFormationErrors.isRefusal(e)) {
                throw new StackRequestRejected("INVALID_TEMPLATE", List.of("CloudFormation cannot read template "
                        + template.source() + ": " + CloudFormationErrors.describe(e)));
            }
            throw e;
        }
    }

    private static Map<String, TemplateParameter> declaredIn(StackTemplate template, GetTemplateSummaryResponse summary) {
        Map<String, TemplateParameter> declared = new LinkedHashMap<>();
        for (ParameterDeclaration parameter : summary.parameters()) {
            if (parameter.parameterKey() == null || parameter.parameterKey().isBlank()) {
                throw new IllegalStateException("GetTemplateSummary of " + template.source()
                        + " answered a parameter without a ParameterKey");
            }
            declared.put(parameter.parameterKey(), new TemplateParameter(parameter.parameterKey(),
                    parameter.defaultValue()));
        }
        return Collections.unmodifiableMap(declared);
    }

    /** @param defaultValue null when the template gives no default (the parameter needs a value) */
    record TemplateParameter(String name, String defaultValue) {

        boolean hasDefault() {
            return defaultValue != null;
        }
    }
}
