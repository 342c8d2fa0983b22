package cloud.patchmon.api.agents;

import cloud.patchmon.api.http.InvalidBodyFieldException;
import cloud.patchmon.api.http.PayloadTooLargeException;
import cloud.patchmon.protocol.PackageEntry;
import cloud.patchmon.protocol.PatchRunOutput;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.AbstractJackson2HttpMessageConverter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Reads the agent's report and check-in bodies, and nothing else, strictly: a JSON value of the
 * wrong type is refused instead of coerced ({@code "true"} for a boolean, {@code "8"} for an integer,
 * a number for a string), spec ch. 30's {@code packages[].needsUpdate} must be present, and each body
 * has the protocol's size limit even when it arrives without a Content-Length. Every other body keeps
 * the application's lenient mapper.
 */
final class AgentBodyConverter extends AbstractJackson2HttpMessageConverter {

    /**
     * The protocol's body limits: {@code /hosts/update} 5 MB, {@code /hosts/ping} 8 KB; a patch run's terminal stage
     * carries its whole output, 8 MB (under API Gateway's 10 MB).
     */
    static final Map<Type, Long> LIMITS = Map.of(AgentController.UpdateBody.class, 5L * 1024 * 1024, AgentController.PingBody.class, 8L * 1024,
            PatchRunOutput.class, 8L * 1024 * 1024);

    AgentBodyConverter(ObjectMapper application) {
        super(strict(application), MediaType.APPLICATION_JSON, new MediaType("application", "*+json"));
    }

    /** The application's mapper (naming, modules) with coercion between JSON types switched off. */
    static ObjectMapper strict(ObjectMapper application) {
        ObjectMapper strict = application.copy();
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.addMixIn(PackageEntry.class, RequiredPackageFlag.class);
        return strict;
    }

    /**
     * {@code needsUpdate} is a primitive, so only the parser can tell a missing one from {@code false};
     * the service checks the required strings itself.
     */
    private abstract static class RequiredPackageFlag {
        @JsonSetter(nulls = Nulls.FAIL)
        boolean needsUpdate;
    }

    @Override
    public boolean canRead(Type type, Class<?> contextClass, MediaType mediaType) {
        return LIMITS.containsKey(type) && super.canRead(type, contextClass, mediaType);
    }

    @Override
    public boolean canRead(Class<?> clazz, MediaType mediaType) {
        return LIMITS.containsKey(clazz) && super.canRead(clazz, mediaType);
    }

    @Override
    public boolean canWrite(Type type, Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public boolean canWrite(Class<?> clazz, MediaType mediaType) {
        return false;
    }

    @Override
    public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
        long limit = LIMITS.get(type);
        if (input.getHeaders().getContentLength() > limit) {
            throw new PayloadTooLargeException();
        }
        try {
            return super.read(type, contextClass, new Bounded(input, limit));
        } catch (HttpMessageNotReadableException unreadable) {
            if (unreadable.getCause() instanceof JsonMappingException problem) {
                throw InvalidBodyFieldException.of(problem, input).orElseThrow(() -> unreadable);
            }
            throw unreadable;
        }
    }

    /** The body, cut off with {@link PayloadTooLargeException} once it passes the limit. */
    private record Bounded(HttpInputMessage input, long limit) implements HttpInputMessage {

        @Override
        public InputStream getBody() throws IOException {
            return new FilterInputStream(input.getBody()) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) throws PayloadTooLargeException {
                    read += n;
                    if (read > limit) {
                        throw new PayloadTooLargeException();
                    }
                }
            };
        }

        @Override
        public HttpHeaders getHeaders() {
            return input.getHeaders();
        }
    }
}
