package cloud.patchmon.core.edge;

/**
 * The request headers our CloudFront distribution adds on the way to the API, named once here
 * because two sides must agree on them: the CDK app (the origin's custom header and the
 * viewer-request function on {@code /api/*}) writes them, the API reads them.
 */
public final class EdgeHeaders {

    /**
     * The origin custom header carrying the deployment's generated origin secret. CloudFront
     * overwrites a viewer-sent header of the same name, so only requests that passed through the
     * distribution carry the right value.
     */
    public static final String ORIGIN_SECRET = "X-PatchMon-Origin-Secret";

    /**
     * The viewer's IP address as CloudFront saw the TCP connection ({@code event.viewer.ip}),
     * set by the viewer-request function, which replaces whatever the viewer sent under this name.
     */
    public static final String VIEWER_ADDRESS = "X-PatchMon-Viewer-Address";

    /** The viewer's {@code Host}, copied by the viewer-request function (CloudFront sends the origin's own). */
    public static final String FORWARDED_HOST = "X-Forwarded-Host";

    private EdgeHeaders() {
    }
}
