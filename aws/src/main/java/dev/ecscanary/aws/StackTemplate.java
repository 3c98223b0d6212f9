package dev.ecscanary.aws;

import dev.ecscanary.spec.StackTemplates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.model.CreateChangeSetRequest;
import software.amazon.awssdk.services.cloudformation.model.GetTemplateSummaryRequest;

/**
 * A stack's template as CloudFormation receives it: the text of a local file (TemplateBody) or an
 * https URL (TemplateURL).
 *
 * @param body     the file's text, or null for a URL
 * @param url      the https URL, or null for a file
 * @param identity what identifies this template for the change set name and the summary cache: the
 *                 text itself, or the URL (a template at a URL is known by its URL only, so upload
 *                 a changed template under a new key or version)
 */
record StackTemplate(String source, String body, String url, String identity) {

    /** CloudFormation's limit for a TemplateBody; larger templates must be passed by URL. */
    static final int MAX_BODY_BYTES = 51_200;

    /** @throws StackRequestRejected when the file cannot be used */
    static StackTemplate load(String template) {
        if (template == null || template.isBlank()) {
            throw new StackRequestRejected("INVALID_TEMPLATE", List.of("the stack has no template"));
        }
        if (StackTemplates.isUrl(template)) {
            if (!template.startsWith("https://")) {
                throw new StackRequestRejected("INVALID_TEMPLATE", List.of("template URL " + template
                        + " must be https (CloudFormation reads templates from S3 over https)"));
            }
            return new StackTemplate(template, null, template, template);
        }
        byte[] bytes = read(Path.of(template));
        if (bytes.length > MAX_BODY_BYTES) {
            throw new StackRequestRejected("TEMPLATE_TOO_LARGE", List.of("template " + template + " is "
                    + bytes.length + " bytes; CloudFormation accepts at most " + MAX_BODY_BYTES
                    + " bytes in a request: upload it to S3 and give its https URL as the stack's template"));
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        return new StackTemplate(template, body, null, body);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StackRequestRejected("INVALID_TEMPLATE", List.of("template file " + file + " does not exist"));
        } catch (IOException e) {
            throw new StackRequestRejected("INVALID_TEMPLATE", List.of("template file " + file + " cannot be read: "
                    + e.getMessage()));
        }
    }

    GetTemplateSummaryRequest.Builder summaryRequest() {
        GetTemplateSummaryRequest.Builder request = GetTemplateSummaryRequest.builder();
        return body != null ? request.templateBody(body) : request.templateURL(url);
    }

    CreateChangeSetRequest.Builder addTo(CreateChangeSetRequest.Builder request) {
        return body != null ? request.templateBody(body) : request.templateURL(url);
    }
}
