package cloud.patchmon.api.http;

import cloud.patchmon.core.edge.EdgeHeaders;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Whether a request provably passed through this deployment's CloudFront distribution, the one
 * hop whose forwarding headers the API may believe.
 *
 * <p>The proof is the origin secret: the CDK app generates it in Secrets Manager and hands the same
 * value to the distribution (as the origin custom header {@link EdgeHeaders#ORIGIN_SECRET}) and to
 * this function ({@code PATCHMON_ORIGIN_SECRET}). CloudFront overwrites a viewer-sent header of
 * that name, so a viewer cannot present the header CloudFront sends, and a caller that reaches API
 * Gateway directly does not know the value. Without a configured secret (the local stack, which has
 * no proxy in front) no request is trusted. The comparison takes the same time however many leading
 * characters match; only the length could leak, and the length is public (the stack's generator
 * setting).
 */
@Component
public class CloudFrontOrigin {

    /** Shorter values would be guessable; the stack generates 64 characters. */
    static final int MIN_SECRET_LENGTH = 32;

    private final byte[] secret;

    public CloudFrontOrigin(@Value("${patchmon.edge.origin-secret:}") String secret) {
        if (!secret.isEmpty() && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("PATCHMON_ORIGIN_SECRET must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public boolean proves(HttpServletRequest request) {
        if (secret.length == 0) {
            return false;
        }
        String presented = request.getHeader(EdgeHeaders.ORIGIN_SECRET);
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
