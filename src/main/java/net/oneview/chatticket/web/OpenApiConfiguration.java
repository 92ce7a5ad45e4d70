package net.oneview.chatticket.web;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description served at {@value #DOCS_PATH} (no token needed): the public API under {@code /v1} only
 * ({@code springdoc.paths-to-match}), bearer JWTs, and for every status an endpoint lists in {@link ApiErrors} the
 * blueprint's error body with its message as the example.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String DOCS_PATH = "/v3/api-docs";
    private static final String BEARER = "bearer-jwt";
    private static final String ERROR_SCHEMA = "ApiError";

    @Bean
    OpenAPI apiDescription() {
        return new OpenAPI()
                .info(new Info().title("chat-ticket-assignment").version("v1").description(
                        "Agents of 1vu go online and offline and read the chat tickets assigned to them; supervisors "
                                + "read each ticket's decisions. Every error is {\"errorCode\": <status>, "
                                + "\"errorMessage\": \"<message>\"}."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Adds the statuses of {@link ApiErrors}, each with the error body and the blueprint's message. The bearer token
     * is the security scheme's, not a header parameter of each operation.
     */
    @Bean
    OperationCustomizer errorAnswers() {
        return (operation, handler) -> {
            if (operation.getParameters() != null) {
                operation.getParameters().removeIf(parameter -> "header".equals(parameter.getIn())
                        && HttpHeaders.AUTHORIZATION.equalsIgnoreCase(parameter.getName()));
            }
            final ApiErrors errors = handler.getMethodAnnotation(ApiErrors.class);
            if (errors != null) {
                for (final int status : errors.value()) {
                    operation.getResponses().addApiResponse(Integer.toString(status), errorAnswer(status));
                }
            }
            return operation;
        };
    }

    /** The error body's schema, read from {@link ApiError} itself, for the answers above to refer to. */
    @Bean
    OpenApiCustomizer errorSchema() {
        return openApi -> {
            final boolean openApi31 = openApi.getSpecVersion() == SpecVersion.V31;
            final Schema<?> schema = ModelConverters.getInstance(openApi31)
                    .readAllAsResolvedSchema(new AnnotatedType(ApiError.class).resolveAsRef(false)).schema;
            openApi.getComponents().addSchemas(ERROR_SCHEMA, schema);
        };
    }

    private static ApiResponse errorAnswer(final int status) {
        final ApiError example = ApiError.of(HttpStatus.valueOf(status));
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", example.errorCode());
        body.put("errorMessage", example.errorMessage());
        return new ApiResponse().description(example.errorMessage())
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR_SCHEMA))
                                .example(body)));
    }
}
