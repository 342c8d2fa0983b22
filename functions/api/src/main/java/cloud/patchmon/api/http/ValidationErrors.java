package cloud.patchmon.api.http;

import java.util.List;

/** The spec's validation error shape: {@code {"errors": [{"msg", "param", "location"}]}}. */
public record ValidationErrors(List<FieldError> errors) {

    public ValidationErrors {
        errors = List.copyOf(errors);
    }

    /** @param location where the value came from: body, query, params or headers */
    public record FieldError(String msg, String param, String location) {
    }
}
