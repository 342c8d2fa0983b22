package cloud.patchmon.ws;

import java.util.Map;

/**
 * Reads an API Gateway WebSocket event (a Lambda proxy event or a REQUEST authorizer's input) as the JSON map the
 * runtime hands over. Absent or mistyped fields read as {@code null}: a handler refuses, never throws on them.
 */
record WsEvent(Map<String, Object> raw) {

    WsEvent {
        raw = raw == null ? Map.of() : raw;
    }

    private static Map<?, ?> map(Object value) {
        return value instanceof Map<?, ?> m ? m : Map.of();
    }

    private Map<?, ?> requestContext() {
        return map(raw.get("requestContext"));
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }

    String routeKey() {
        return text(requestContext().get("routeKey"));
    }

    String eventType() {
        return text(requestContext().get("eventType"));
    }

    String connectionId() {
        return text(requestContext().get("connectionId"));
    }

    String apiId() {
        return text(requestContext().get("apiId"));
    }

    String stage() {
        return text(requestContext().get("stage"));
    }

    String sourceIp() {
        return text(map(requestContext().get("identity")).get("sourceIp"));
    }

    String methodArn() {
        return text(raw.get("methodArn"));
    }

    /** A value the {@code $connect} authorizer put in its context (API Gateway passes context values as strings). */
    String authorizer(String key) {
        Object value = map(requestContext().get("authorizer")).get(key);
        return value == null ? null : value.toString();
    }

    /** HTTP header names are case-insensitive, and API Gateway passes them as the client spelled them. */
    String header(String name) {
        for (Map.Entry<?, ?> header : map(raw.get("headers")).entrySet()) {
            if (header.getKey() instanceof String key && key.equalsIgnoreCase(name)) {
                return text(header.getValue());
            }
        }
        return null;
    }

    /** A query-string parameter of the upgrade request ({@code $connect} only). */
    String query(String name) {
        return text(map(raw.get("queryStringParameters")).get(name));
    }

    String body() {
        return text(raw.get("body"));
    }

    boolean base64Encoded() {
        return Boolean.TRUE.equals(raw.get("isBase64Encoded"));
    }
}
