package cloud.patchmon.api.http;

import cloud.patchmon.core.edge.EdgeHeaders;
import cloud.patchmon.core.enrollment.IpRanges;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The address of the client that made a request, for IP allow-lists, per-IP rate limits and the
 * addresses shown on sessions and trusted devices. Every such use asks this class, never
 * {@link HttpServletRequest#getRemoteAddr()} directly.
 *
 * <p>What is trusted, and why:
 * <ul>
 *   <li>Behind CloudFront → API Gateway → Lambda, the remote address is API Gateway's
 *       {@code requestContext.identity.sourceIp} (aws-serverless-java-container maps it), i.e. the
 *       CloudFront edge server, not the viewer.</li>
 *   <li>Only when {@link CloudFrontOrigin} proves that the request came through our distribution
 *       is {@link EdgeHeaders#VIEWER_ADDRESS} used: the distribution's viewer-request function
 *       writes {@code event.viewer.ip} (CloudFront's view of the TCP connection) into it and
 *       replaces any value the viewer sent under that name.</li>
 *   <li>{@code X-Forwarded-For} is never read: a viewer can write any leading entries, CloudFront
 *       appends the viewer, and API Gateway appends the edge server, so the meaningful entry is
 *       second from the right only as long as that chain stays exactly so.</li>
 *   <li>Without the proof (the local stack, a direct call to the API Gateway URL) the remote address
 *       is the client: Tomcat's socket peer locally, API Gateway's source IP in Lambda. Forwarding
 *       headers on such requests are anybody's words and are ignored.</li>
 *   <li>A proven request without a usable viewer address (a misconfigured distribution) falls back
 *       to the remote address: the edge server matches no customer allow-list, so it fails closed.</li>
 * </ul>
 * Addresses come out in {@link IpRanges#canonical} form (IPv4-mapped IPv6 as IPv4, IPv6 per RFC
 * 5952), so one client has one rate-limit key and allow-list entries match however it was written.
 */
@Component
public class ClientAddress {

    private final CloudFrontOrigin origin;

    public ClientAddress(CloudFrontOrigin origin) {
        this.origin = origin;
    }

    public String of(HttpServletRequest request) {
        if (origin.proves(request)) {
            Optional<String> viewer = IpRanges.canonical(request.getHeader(EdgeHeaders.VIEWER_ADDRESS));
            if (viewer.isPresent()) {
                return viewer.get();
            }
        }
        String remote = request.getRemoteAddr();
        return IpRanges.canonical(remote).orElse(remote);
    }
}
