package cloud.patchmon.api.http;

import cloud.patchmon.core.edge.EdgeHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static cloud.patchmon.api.http.ClientAddressTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicUrlTest {

    private static final String API_GATEWAY = "abcdef1234.execute-api.eu-west-1.amazonaws.com";
    private final CloudFrontOrigin origin = new CloudFrontOrigin(SECRET);

    /** What API Gateway hands the function for a request CloudFront forwarded. */
    private static MockHttpServletRequest viaCloudFront(String secret, String forwardedHost) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/hosts/install");
        request.setScheme("https");
        request.setServerName(API_GATEWAY);
        request.setServerPort(443);
        if (secret != null) {
            request.addHeader(EdgeHeaders.ORIGIN_SECRET, secret);
        }
        if (forwardedHost != null) {
            request.addHeader(EdgeHeaders.FORWARDED_HOST, forwardedHost);
        }
        return request;
    }

    @Test
    void aProvenRequestNamesTheHostTheViewerUsedOverHttps() {
        PublicUrl url = new PublicUrl(origin, "");
        assertThat(url.of(viaCloudFront(SECRET, "d111111abcdef8.cloudfront.net"))).isEqualTo("https://d111111abcdef8.cloudfront.net");
        assertThat(url.of(viaCloudFront(SECRET, "Patch.Example.COM"))).isEqualTo("https://patch.example.com");
    }

    @Test
    void aForwardedHostWithoutTheSecretIsIgnored() {
        PublicUrl url = new PublicUrl(origin, "");
        assertThat(url.of(viaCloudFront(null, "evil.example"))).isEqualTo("https://" + API_GATEWAY);
        assertThat(url.of(viaCloudFront("wrong", "evil.example"))).isEqualTo("https://" + API_GATEWAY);
        assertThat(new PublicUrl(new CloudFrontOrigin(""), "").of(viaCloudFront(SECRET, "evil.example")))
                .as("nothing in front: nothing forwarded counts").isEqualTo("https://" + API_GATEWAY);
    }

    @Test
    void aForwardedHostThatIsNotAHostIsNeverWrittenIntoAScript() {
        PublicUrl url = new PublicUrl(origin, "");
        assertThat(url.of(viaCloudFront(SECRET, "evil.example\"; rm -rf /; \""))).isEqualTo("https://" + API_GATEWAY);
        assertThat(url.of(viaCloudFront(SECRET, "evil.example/path"))).isEqualTo("https://" + API_GATEWAY);
        assertThat(url.of(viaCloudFront(SECRET, "$(id).example"))).isEqualTo("https://" + API_GATEWAY);
    }

    @Test
    void locallyTheRequestsOwnSchemeHostAndPortAreTheUrl() {
        PublicUrl url = new PublicUrl(new CloudFrontOrigin(""), "");
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/hosts/install");
        request.setServerName("patchmon.lan");
        request.setServerPort(8080);
        assertThat(url.of(request)).isEqualTo("http://patchmon.lan:8080");
        request.setServerName("[::1]");
        assertThat(url.of(request)).isEqualTo("http://[::1]:8080");
    }

    @Test
    void aRequestHostThatIsNotAHostIsRefused() {
        PublicUrl url = new PublicUrl(new CloudFrontOrigin(""), "");
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/hosts/install");
        request.setServerName("evil\"host");
        assertThatThrownBy(() -> url.of(request)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(400));
    }

    @Test
    void theConfiguredPublicUrlWinsOverEverythingTheRequestSays() {
        PublicUrl url = new PublicUrl(origin, "https://PatchMon.Example.com/");
        assertThat(url.of(viaCloudFront(SECRET, "d111111abcdef8.cloudfront.net"))).isEqualTo("https://patchmon.example.com");
        assertThat(url.of(viaCloudFront(null, null))).isEqualTo("https://patchmon.example.com");
        assertThat(new PublicUrl(origin, " http://10.0.0.5:8080 ").of(viaCloudFront(null, null))).isEqualTo("http://10.0.0.5:8080");
    }

    @Test
    void aConfiguredPublicUrlMustBeAnOriginWithoutAPath() {
        for (String bad : new String[] {"patchmon.example.com", "ftp://patchmon.example.com", "https://patchmon.example.com/api",
                "https://patchmon.example.com?x=1", "https://user@patchmon.example.com"}) {
            assertThatThrownBy(() -> new PublicUrl(origin, bad)).as(bad).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PATCHMON_PUBLIC_URL");
        }
    }
}
