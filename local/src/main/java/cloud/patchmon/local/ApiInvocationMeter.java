package cloud.patchmon.local;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests that reach the API under {@code /api/v1/}: in AWS each is one invocation of Lambda
 * {@code api} behind API Gateway REST (the web app's files come from CloudFront and S3, and WebSocket upgrades are
 * taken by the emulators first). {@code ./patchmon bench patch} reads it.
 */
public final class ApiInvocationMeter implements Filter {

    static final String PATTERN = "/api/v1/*";

    private final LongAdder invocations = new LongAdder();

    public long invocations() {
        return invocations.sum();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        invocations.increment();
        chain.doFilter(request, response);
    }
}
