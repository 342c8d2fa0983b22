package cloud.patchmon.api.docs;

import cloud.patchmon.api.security.SignedIn;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.customizers.SpringDocCustomizers;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.SpringDocProviders;
import org.springdoc.core.service.AbstractRequestService;
import org.springdoc.core.service.GenericResponseService;
import org.springdoc.core.service.OpenAPIService;
import org.springdoc.core.service.OperationService;
import org.springdoc.webmvc.api.OpenApiWebMvcResource;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Locale;

/**
 * springdoc's document endpoint, moved under {@code /api/v1/api-docs} and put behind sign-in like
 * every other route (the spec: the API reference is for logged-in users). springdoc builds the
 * document on the first request and caches it, so it costs the cold start nothing.
 */
public class ApiDocsResource extends OpenApiWebMvcResource {

    public static final String DOCUMENT = "/api/v1/api-docs/openapi.json";
    public static final String DOCUMENT_YAML = "/api/v1/api-docs/openapi.yaml";

    public ApiDocsResource(ObjectFactory<OpenAPIService> openApiService, AbstractRequestService requests, GenericResponseService responses,
                           OperationService operations, SpringDocConfigProperties properties, SpringDocProviders providers,
                           SpringDocCustomizers customizers) {
        super(openApiService, requests, responses, operations, properties, providers, customizers);
    }

    @Override
    @GetMapping(value = DOCUMENT, produces = MediaType.APPLICATION_JSON_VALUE)
    @SignedIn
    public byte[] openapiJson(HttpServletRequest request, @Value(DOCUMENT) String apiDocsUrl, Locale locale) throws JsonProcessingException {
        return super.openapiJson(request, DOCUMENT, locale);
    }

    @Override
    @GetMapping(value = DOCUMENT_YAML, produces = "application/vnd.oai.openapi")
    @SignedIn
    public byte[] openapiYaml(HttpServletRequest request, @Value(DOCUMENT) String apiDocsUrl, Locale locale) throws JsonProcessingException {
        return super.openapiYaml(request, DOCUMENT, locale);
    }
}
