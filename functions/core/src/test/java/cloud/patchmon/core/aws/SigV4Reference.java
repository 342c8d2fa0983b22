package cloud.patchmon.core.aws;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * SigV4 written down from AWS's documentation, independent of the SDK's signer: what a service computes to verify a
 * request. Checked against AWS's SigV4 test-suite vectors, then used to verify what reached the fake endpoints.
 */
final class SigV4Reference {

    private SigV4Reference() {
    }

    /**
     * @param rawPath       as sent (already percent-encoded once); encoded again, as every service but S3 expects
     * @param rawQuery      as sent, or null
     * @param signedHeaders lower-case name → value, exactly the headers to sign
     */
    static String signature(String method, String rawPath, String rawQuery, SortedMap<String, String> signedHeaders, byte[] payload,
                            String secretKey, String amzDate, String region, String service) {
        String canonicalHeaders = signedHeaders.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue().trim().replaceAll(" +", " ") + "\n").collect(Collectors.joining());
        String canonicalRequest = String.join("\n", method, canonicalUri(rawPath), canonicalQuery(rawQuery), canonicalHeaders,
                String.join(";", signedHeaders.keySet()), payloadHash(payload));
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", amzDate, scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    static String authorization(String accessKey, String amzDate, String region, String service, SortedMap<String, String> signedHeaders,
                                String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + amzDate.substring(0, 8) + "/" + region + "/" + service
                + "/aws4_request, SignedHeaders=" + String.join(";", signedHeaders.keySet()) + ", Signature=" + signature;
    }

    static String payloadHash(byte[] payload) {
        return hex(sha256(payload));
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        return Arrays.stream(rawPath.split("/", -1)).map(SigV4Reference::encode).collect(Collectors.joining("/"));
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&"))
                .map(pair -> pair.split("=", 2))
                .map(pair -> encode(decode(pair[0])) + "=" + (pair.length > 1 ? encode(decode(pair[1])) : ""))
                .sorted().collect(Collectors.joining("&"));
    }

    /** RFC 3986: everything but unreserved characters, byte by byte. */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
