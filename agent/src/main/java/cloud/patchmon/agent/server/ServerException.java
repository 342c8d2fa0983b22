package cloud.patchmon.agent.server;

/**
 * The server answered with an error, or could not be reached. {@link #status()} is the HTTP status,
 * or 0 when no answer came (DNS, TLS, refused connection, timeout).
 */
public final class ServerException extends Exception {

    private final int status;
    private final java.time.Duration retryAfter;

    public ServerException(int status, String message, Throwable cause) {
        this(status, message, cause, null);
    }

    public ServerException(int status, String message, Throwable cause, java.time.Duration retryAfter) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The wait the server asked for ({@code Retry-After}), or {@code null}. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public int status() {
        return status;
    }

    /** Worth retrying: no answer, a 5xx or a 429; a 4xx will fail again the same way. */
    public boolean retryable() {
        return status == 0 || status == 429 || status >= 500;
    }

    public boolean unauthorized() {
        return status == 401;
    }
}
