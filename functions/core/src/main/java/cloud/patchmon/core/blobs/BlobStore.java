package cloud.patchmon.core.blobs;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Objects too large for the table (agent binaries now; rendered reports and scan results
 * later). S3 on AWS, a directory under the data dir locally. Keys are relative paths of
 * lower-case letters, digits, dots, dashes, underscores and slashes.
 */
public interface BlobStore {

    /** How a caller gets an object: its bytes, or a short-lived URL the object store serves. */
    sealed interface Download permits Inline, Redirect {
    }

    /** Served by the API itself (local stack). */
    record Inline(byte[] content) implements Download {
    }

    /**
     * A presigned URL: Lambda responses are capped at 6 MB and cost per byte-second, so large
     * objects go straight from S3 to the client.
     */
    record Redirect(URI url) implements Download {
    }

    /** @return empty when no object has {@code key} */
    Optional<Download> download(String key, Duration validity);

    void put(String key, byte[] content);

    /** The object's bytes, for small objects the API itself reads (a release manifest); empty when there is none. */
    Optional<byte[]> read(String key);

    /** Refuses keys that could escape the store's root or are not plain relative paths. */
    static String checkKey(String key) {
        if (key == null || !key.matches("[a-z0-9][a-z0-9._/-]{0,500}") || key.contains("..") || key.contains("//") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return key;
    }
}
