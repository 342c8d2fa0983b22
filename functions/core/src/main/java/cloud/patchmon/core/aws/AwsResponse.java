package cloud.patchmon.core.aws;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * One answer of an AWS service to a {@link SignedJsonClient} call.
 *
 * @param body      the JSON body; an empty object when there was none (or, on an error, when it was not JSON)
 * @param errorType on a non-2xx answer, the AWS error code without namespace or suffix: {@code __type}
 *                  ({@code com.amazonaws.swf.service.v2.model#TaskTimedOut}) or the {@code x-amzn-ErrorType} header
 *                  ({@code ThrottlingException:http://…}); empty when the answer is a success or named no type
 */
public record AwsResponse(String service, String operation, int status, JsonNode body, Optional<String> errorType) {

    public boolean ok() {
        return status / 100 == 2;
    }

    public boolean isError(String type) {
        return errorType.filter(type::equals).isPresent();
    }

    /** The body of a success; anything else as an {@link AwsServiceException}. */
    public JsonNode orThrow() {
        if (ok()) {
            return body;
        }
        throw new AwsServiceException(service, operation, status, errorType.orElse(""));
    }

    static Optional<String> errorType(int status, JsonNode body, Optional<String> header) {
        if (status / 100 == 2) {
            return Optional.empty();
        }
        String type = body.hasNonNull("__type") ? body.get("__type").asText() : header.orElse("");
        type = type.substring(type.lastIndexOf('#') + 1);
        int colon = type.indexOf(':');
        type = colon >= 0 ? type.substring(0, colon) : type;
        return type.isBlank() ? Optional.empty() : Optional.of(type);
    }
}
