package cloud.patchmon.api.http;

import cloud.patchmon.core.storage.CapacityMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is well-formed, else the
 * Lambda request id, else a new one), puts it in the log context and the response, measures the
 * DynamoDB capacity the request consumed, and writes one structured access-log line.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestTracingFilter extends OncePerRequestFilter {

    public static final String REQUEST_ID = "request_id";
    public static final String HEADER = "X-Request-Id";
    /** Where aws-serverless-java-container puts the Lambda context. */
    private static final String LAMBDA_CONTEXT = "com.amazonaws.lambda.context";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Logger ACCESS = LoggerFactory.getLogger("patchmon.access");

    /** Response header with the request's DynamoDB capacity, for benchmarks against a local stack. */
    public static final String CAPACITY_HEADER = "X-Consumed-Capacity";

    private final CapacityMeter meter;
    private final boolean capacityHeader;

    public RequestTracingFilter(CapacityMeter meter, @Value("${patchmon.http.capacity-header:false}") boolean capacityHeader) {
        this.meter = meter;
        this.capacityHeader = capacityHeader;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request);
        long started = System.nanoTime();
        MDC.put(REQUEST_ID, requestId);
        response.setHeader(HEADER, requestId);
        ContentCachingResponseWrapper buffered = capacityHeader ? new ContentCachingResponseWrapper(response) : null;
        try (CapacityMeter.Scope capacity = meter.open()) {
            try {
                chain.doFilter(request, buffered == null ? response : buffered);
            } finally {
                if (buffered != null) {
                    CapacityMeter.Tally used = capacity.tally();
                    buffered.setHeader(CAPACITY_HEADER, "rcu=" + format(used.readUnits()) + ";wcu=" + format(used.writeUnits()));
                    buffered.copyBodyToResponse();
                }
                CapacityMeter.Tally tally = capacity.tally();
                MDC.put("http_method", request.getMethod());
                MDC.put("http_path", request.getRequestURI());
                MDC.put("http_status", Integer.toString(response.getStatus()));
                MDC.put("duration_ms", Long.toString((System.nanoTime() - started) / 1_000_000));
                MDC.put("ddb_read_units", format(tally.readUnits()));
                MDC.put("ddb_write_units", format(tally.writeUnits()));
                ACCESS.info("{} {} {}", request.getMethod(), request.getRequestURI(), response.getStatus());
            }
        } finally {
            MDC.clear();
        }
    }

    private static String requestId(HttpServletRequest request) {
        String supplied = request.getHeader(HEADER);
        if (supplied != null && SAFE_ID.matcher(supplied).matches()) {
            return supplied;
        }
        Object lambda = request.getAttribute(LAMBDA_CONTEXT);
        if (lambda instanceof com.amazonaws.services.lambda.runtime.Context context && context.getAwsRequestId() != null) {
            return context.getAwsRequestId();
        }
        return UUID.randomUUID().toString();
    }

    private static String format(double units) {
        return String.format(Locale.ROOT, "%.1f", units);
    }
}
