package cloud.patchmon.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The spec's simple error shape: {@code {"error": "...", "message": "..."}}; message is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, null);
    }
}
