package cloud.patchmon.api.http;

import cloud.patchmon.core.edge.EdgeHeaders;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The origin ({@code scheme://host[:port]}, no path, no trailing slash) under which users and agents
 * reach this API, for every absolute URL the API hands out, such as the server written into the
 * install and enrolment scripts.
 *
 * <ul>
 *   <li>{@code PATCHMON_PUBLIC_URL}, when set, wins: for a proxy in front that this class cannot
 *       see through.</li>
 *   <li>A request that {@link CloudFrontOrigin} proves came through our distribution names the
 *       viewer's host in {@link EdgeHeaders#FORWARDED_HOST} (copied by the viewer-request function;
 *       CloudFront itself sends API Gateway its own host). The scheme is https: the distribution's
 *       {@code /api/*} behaviour accepts HTTPS only, and an edge function may not set
 *       {@code X-Forwarded-Proto} (CloudFront answers 502 if it does).</li>
 *   <li>Otherwise the request's own scheme and host: right for the local stack, which nothing
 *       fronts. A forwarded host on such a request is ignored, so nobody can make the API hand out
 *       a script pointing at their server.</li>
 * </ul>
 * The result only ever contains host characters, so it can be written into a shell or PowerShell
 * string as it is.
 */
@Component
public class PublicUrl {

    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?");
    private static final Pattern ORIGIN = Pattern.compile("https?://" + HOST.pattern());

    private final CloudFrontOrigin origin;
    private final Optional<String> configured;

    public PublicUrl(CloudFrontOrigin origin, @Value("${patchmon.http.public-url:}") String configured) {
        this.origin = origin;
        String url = configured.trim().replaceFirst("/$", "");
        if (!url.isEmpty() && !ORIGIN.matcher(url).matches()) {
            throw new IllegalStateException("PATCHMON_PUBLIC_URL must be http(s)://host[:port] without a path");
        }
        this.configured = url.isEmpty() ? Optional.empty() : Optional.of(url.toLowerCase(Locale.ROOT));
    }

    public String of(HttpServletRequest request) {
        if (configured.isPresent()) {
            return configured.get();
        }
        if (origin.proves(request)) {
            String host = request.getHeader(EdgeHeaders.FORWARDED_HOST);
            if (host != null && HOST.matcher(host).matches()) {
                return "https://" + host.toLowerCase(Locale.ROOT);
            }
        }
        String own = ServletUriComponentsBuilder.fromContextPath(request).replacePath(null).replaceQuery(null).build().toUriString();
        if (!ORIGIN.matcher(own).matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid Host header");
        }
        return own;
    }
}
