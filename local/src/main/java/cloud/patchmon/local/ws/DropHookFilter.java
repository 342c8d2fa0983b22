package cloud.patchmon.local.ws;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.InetAddress;

/**
 * The emulator's test hook over HTTP, for end-to-end tests that run the stack as a process:
 * {@code POST /_local/ws/drop?host_id=<id>} cuts that host's agent connections as a network failure would and answers
 * {@code {"dropped": n}}. Registered only when {@code PATCHMON_LOCAL_TEST_HOOKS=true}, and only for loopback callers.
 */
final class DropHookFilter implements Filter {

    static final String PATH = "/_local/ws/drop";

    private final WebSocketApiEmulator agents;

    DropHookFilter(WebSocketApiEmulator agents) {
        this.agents = agents;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            chain.doFilter(request, response);
            return;
        }
        out.setContentType("application/json");
        if (!InetAddress.getByName(http.getRemoteAddr()).isLoopbackAddress()) {
            out.setStatus(403);
            out.getWriter().write("{\"error\":\"Test hooks answer loopback callers only\"}");
            return;
        }
        String hostId = http.getParameter("host_id");
        if (!"POST".equals(http.getMethod()) || hostId == null || hostId.isBlank()) {
            out.setStatus(400);
            out.getWriter().write("{\"error\":\"POST with a host_id\"}");
            return;
        }
        int dropped = agents.dropWhere(cloud.patchmon.ws.AgentsAuthorizerHandler.HOST, hostId);
        out.getWriter().write("{\"dropped\":" + dropped + "}");
    }
}
