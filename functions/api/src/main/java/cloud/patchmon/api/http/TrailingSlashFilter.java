package cloud.patchmon.api.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Accepts a trailing slash wherever a path is accepted (integrators' scripts use both forms),
 * by routing {@code /api/v1/hosts/} exactly like {@code /api/v1/hosts}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class TrailingSlashFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (uri.length() > 1 && uri.endsWith("/") && uri.startsWith("/api/")) {
            chain.doFilter(new Stripped(request), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    private static final class Stripped extends HttpServletRequestWrapper {
        Stripped(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            return strip(super.getRequestURI());
        }

        @Override
        public StringBuffer getRequestURL() {
            StringBuffer url = super.getRequestURL();
            return new StringBuffer(strip(url.toString()));
        }

        @Override
        public String getServletPath() {
            return strip(super.getServletPath());
        }

        @Override
        public String getPathInfo() {
            String info = super.getPathInfo();
            return info == null ? null : strip(info);
        }

        private static String strip(String path) {
            String stripped = path;
            while (stripped.length() > 1 && stripped.endsWith("/")) {
                stripped = stripped.substring(0, stripped.length() - 1);
            }
            return stripped;
        }
    }
}
