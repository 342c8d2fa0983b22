package cloud.patchmon.local.ws;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.WsWebSocketContainer;

import java.io.IOException;

/**
 * Takes WebSocket upgrades of its emulator's path before the API sees them; any other request to the
 * path (a plain GET) goes on to the API, which answers 404 like API Gateway's REST API would.
 */
final class UpgradeFilter implements Filter {

    private final WebSocketApiEmulator emulator;

    UpgradeFilter(WebSocketApiEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    public void init(FilterConfig config) {
        // Tomcat checks idle timeouts every 10 s by default; once a second keeps short test timeouts honest.
        if (config.getServletContext().getAttribute(ServerContainer.class.getName()) instanceof WsWebSocketContainer container) {
            container.setProcessPeriod(1);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && "GET".equals(http.getMethod()) && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            emulator.upgrade(http, httpResponse);
            return;
        }
        chain.doFilter(request, response);
    }
}
