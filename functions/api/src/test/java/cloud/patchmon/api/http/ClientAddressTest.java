package cloud.patchmon.api.http;

import cloud.patchmon.core.edge.EdgeHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

    static final String SECRET = "origin-secret-for-tests-0123456789abcdefghij";
    /** A CloudFront edge server as API Gateway sees it. */
    static final String EDGE = "130.176.98.21";

    private final ClientAddress deployed = new ClientAddress(new CloudFrontOrigin(SECRET));
    private final ClientAddress local = new ClientAddress(new CloudFrontOrigin(""));

    private static MockHttpServletRequest fromEdge(String secret, String viewer) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/auto-enrollment/enroll");
        request.setRemoteAddr(EDGE);
        if (secret != null) {
            request.addHeader(EdgeHeaders.ORIGIN_SECRET, secret);
        }
        if (viewer != null) {
            request.addHeader(EdgeHeaders.VIEWER_ADDRESS, viewer);
        }
        return request;
    }

    @Test
    void withTheOriginSecretTheViewerAddressCloudFrontSawIsTheClient() {
        assertThat(deployed.of(fromEdge(SECRET, "198.51.100.23"))).isEqualTo("198.51.100.23");
        assertThat(deployed.of(fromEdge(SECRET, "::ffff:198.51.100.23"))).as("IPv4-mapped").isEqualTo("198.51.100.23");
        assertThat(deployed.of(fromEdge(SECRET, "2001:0DB8:0:0:0:0:0:7"))).isEqualTo("2001:db8::7");
    }

    @Test
    void withoutTheRightSecretTheForwardingHeadersAreIgnored() {
        assertThat(deployed.of(fromEdge(null, "198.51.100.23"))).isEqualTo(EDGE);
        assertThat(deployed.of(fromEdge(SECRET.substring(1) + "x", "198.51.100.23"))).as("same length, wrong value").isEqualTo(EDGE);
        assertThat(deployed.of(fromEdge(SECRET + "x", "198.51.100.23"))).isEqualTo(EDGE);
        assertThat(deployed.of(fromEdge("", "198.51.100.23"))).isEqualTo(EDGE);

        MockHttpServletRequest forged = fromEdge(null, null);
        forged.addHeader("X-Forwarded-For", "198.51.100.23");
        forged.addHeader("CloudFront-Viewer-Address", "198.51.100.23:40000");
        assertThat(deployed.of(forged)).isEqualTo(EDGE);
    }

    @Test
    void xForwardedForIsNeverTheSourceEvenWithTheSecret() {
        MockHttpServletRequest request = fromEdge(SECRET, null);
        request.addHeader("X-Forwarded-For", "192.0.2.1, 198.51.100.23, " + EDGE);
        assertThat(deployed.of(request)).as("no viewer header: the edge, which matches no allow-list").isEqualTo(EDGE);
    }

    @Test
    void aProvenRequestWithAnUnusableViewerAddressFallsBackToTheEdge() {
        assertThat(deployed.of(fromEdge(SECRET, "198.51.100.23, 192.0.2.1"))).isEqualTo(EDGE);
        assertThat(deployed.of(fromEdge(SECRET, "198.51.100.23:40000"))).isEqualTo(EDGE);
        assertThat(deployed.of(fromEdge(SECRET, "viewer.example.com"))).isEqualTo(EDGE);
    }

    @Test
    void withoutAConfiguredSecretNothingIsTrustedNotEvenAnEmptyHeader() {
        assertThat(local.of(fromEdge("", "198.51.100.23"))).isEqualTo(EDGE);
        assertThat(local.of(fromEdge(SECRET, "198.51.100.23"))).isEqualTo(EDGE);
    }

    @Test
    void theRemoteAddressComesOutCanonicalToo() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr("0:0:0:0:0:0:0:1");
        assertThat(local.of(request)).isEqualTo("::1");
        request.setRemoteAddr("::ffff:10.1.2.3");
        assertThat(local.of(request)).isEqualTo("10.1.2.3");
    }

    @Test
    void aShortOriginSecretStopsTheStartWithoutSayingWhatItWas() {
        assertThatThrownBy(() -> new CloudFrontOrigin("short-secret-value"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PATCHMON_ORIGIN_SECRET")
                .hasMessageNotContaining("short-secret-value");
    }
}
