package cloud.patchmon.local.ws;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The events API Gateway sends a WebSocket API's authorizer and route integrations, built from the local upgrade
 * request, in the shapes of the captured events under {@code functions/ws/src/test/resources/events}.
 */
final class WsEvents {

    static final String API_ID = "local";
    static final String STAGE = "local";
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    WsEvents(Clock clock) {
        this.clock = clock;
    }

    static String methodArn() {
        return "arn:aws:execute-api:local:000000000000:" + API_ID + "/" + STAGE + "/$connect";
    }

    /** The TCP peer, as API Gateway's {@code identity.sourceIp} is: never a forwarded header. */
    String sourceIp(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    Map<String, Object> authorizer(HttpServletRequest request, String connectionId, Instant connectedAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "REQUEST");
        event.put("methodArn", methodArn());
        event.putAll(upgradeRequest(request));
        event.put("stageVariables", Map.of());
        event.put("requestContext", requestContext("$connect", "CONNECT", connectionId, connectedAt, sourceIp(request), request.getHeader("User-Agent"), null));
        return event;
    }

    Map<String, Object> connect(HttpServletRequest request, String connectionId, Instant connectedAt, Map<String, Object> authorizer) {
        Map<String, Object> event = new LinkedHashMap<>(upgradeRequest(request));
        event.put("requestContext", requestContext("$connect", "CONNECT", connectionId, connectedAt, sourceIp(request), request.getHeader("User-Agent"), authorizer));
        event.put("isBase64Encoded", false);
        return event;
    }

    /** @param routeKey what route selection ({@code $request.body.type}) chose */
    Map<String, Object> message(String routeKey, String connectionId, Instant connectedAt, Map<String, Object> authorizer, String sourceIp, String body,
                                boolean base64) {
        Map<String, Object> context = requestContext(routeKey, "MESSAGE", connectionId, connectedAt, sourceIp, null, authorizer);
        context.put("messageId", UUID.randomUUID().toString());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("requestContext", context);
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        return event;
    }

    Map<String, Object> disconnect(String connectionId, Instant connectedAt, Map<String, Object> authorizer, int code, String reason) {
        Map<String, Object> context = requestContext("$disconnect", "DISCONNECT", connectionId, connectedAt, "", null, authorizer);
        context.put("disconnectStatusCode", code);
        context.put("disconnectReason", reason == null ? "" : reason);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("headers", Map.of("Host", "localhost", "x-api-key", "", "X-Forwarded-For", "", "x-restapi", ""));
        event.put("requestContext", context);
        event.put("isBase64Encoded", false);
        return event;
    }

    /** An Allow policy for this API's {@code $connect}, as API Gateway evaluates the authorizer's answer: any Deny wins. */
    static boolean allows(Map<String, Object> authorization) {
        if (authorization == null || !(authorization.get("policyDocument") instanceof Map<?, ?> policy)
                || !(policy.get("Statement") instanceof List<?> statements)) {
            return false;
        }
        boolean allowed = false;
        for (Object s : statements) {
            if (!(s instanceof Map<?, ?> statement)) {
                return false;
            }
            boolean matches = methodArn().equals(statement.get("Resource")) || "*".equals(statement.get("Resource"));
            if (matches && "Deny".equals(statement.get("Effect"))) {
                return false;
            }
            allowed |= matches && "Allow".equals(statement.get("Effect"));
        }
        return allowed;
    }

    /** What later events carry as {@code requestContext.authorizer}: the context's values as strings, plus the principal. */
    static Map<String, Object> authorizerContext(Map<String, Object> authorization) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (authorization.get("context") instanceof Map<?, ?> values) {
            values.forEach((k, v) -> context.put(k.toString(), String.valueOf(v)));
        }
        context.put("principalId", String.valueOf(authorization.get("principalId")));
        return Collections.unmodifiableMap(context);
    }

    static String routeKey(Map<String, Object> event) {
        return event.get("requestContext") instanceof Map<?, ?> context ? String.valueOf(context.get("routeKey")) : "?";
    }

    private Map<String, Object> upgradeRequest(HttpServletRequest request) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Map<String, Object> multi = new LinkedHashMap<>();
        String forwardedFor = request.getRemoteAddr();
        for (String name : Collections.list(request.getHeaderNames())) {
            List<String> values = new ArrayList<>(Collections.list(request.getHeaders(name)));
            String lower = name.toLowerCase(Locale.ROOT);
            // API Gateway sets these itself (appending the peer to a client's X-Forwarded-For): a client cannot claim wss.
            if (lower.equals("x-forwarded-proto") || lower.equals("x-forwarded-port")) {
                continue;
            }
            if (lower.equals("x-forwarded-for")) {
                forwardedFor = String.join(", ", values) + ", " + forwardedFor;
                continue;
            }
            headers.put(name, values.get(0));
            multi.put(name, values);
        }
        String scheme = request.isSecure() ? "https" : "http";
        headers.put("X-Forwarded-Proto", scheme);
        multi.put("X-Forwarded-Proto", List.of(scheme));
        headers.put("X-Forwarded-Port", Integer.toString(request.getLocalPort()));
        multi.put("X-Forwarded-Port", List.of(Integer.toString(request.getLocalPort())));
        headers.put("X-Forwarded-For", forwardedFor);
        multi.put("X-Forwarded-For", List.of(forwardedFor));
        Map<String, Object> query = new LinkedHashMap<>();
        Map<String, Object> multiQuery = new LinkedHashMap<>();
        request.getParameterMap().forEach((k, v) -> {
            query.put(k, v[0]);
            multiQuery.put(k, List.of(v));
        });
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("headers", headers);
        parts.put("multiValueHeaders", multi);
        parts.put("queryStringParameters", query);
        parts.put("multiValueQueryStringParameters", multiQuery);
        return parts;
    }

    private Map<String, Object> requestContext(String routeKey, String eventType, String connectionId, Instant connectedAt, String sourceIp,
                                               String userAgent, Map<String, Object> authorizer) {
        Instant now = clock.instant();
        String requestId = UUID.randomUUID().toString();
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("sourceIp", sourceIp);
        if (userAgent != null) {
            identity.put("userAgent", userAgent);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("routeKey", routeKey);
        if (authorizer != null) {
            context.put("authorizer", authorizer);
        }
        context.put("eventType", eventType);
        context.put("extendedRequestId", requestId);
        context.put("requestTime", REQUEST_TIME.format(now));
        context.put("messageDirection", "IN");
        context.put("stage", STAGE);
        context.put("connectedAt", connectedAt.toEpochMilli());
        context.put("requestTimeEpoch", now.toEpochMilli());
        context.put("identity", identity);
        context.put("requestId", requestId);
        context.put("domainName", "localhost");
        context.put("connectionId", connectionId);
        context.put("apiId", API_ID);
        return context;
    }
}
