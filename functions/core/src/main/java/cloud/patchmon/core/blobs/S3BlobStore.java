package cloud.patchmon.core.blobs;

import cloud.patchmon.core.storage.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS adapter: objects in one bucket, handed out as presigned GET URLs. A HEAD first, so a
 * missing object is the API's 404 rather than a redirect to S3's error page.
 */
public final class S3BlobStore implements BlobStore {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    /**
     * Clients for {@code bucket} in {@code region}; with an endpoint override (LocalStack) the
     * bucket is addressed by path and, without credentials in the environment, dummy ones are used.
     */
    public static S3BlobStore create(String bucket, String region, Optional<URI> endpoint, Map<String, String> env) {
        AwsCredentialsProvider credentials = AwsCredentials.forEndpoint(endpoint, env);
        S3Configuration addressing = S3Configuration.builder().pathStyleAccessEnabled(endpoint.isPresent()).build();
        var client = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region))
                .credentialsProvider(credentials).serviceConfiguration(addressing);
        var presigner = S3Presigner.builder().region(Region.of(region)).credentialsProvider(credentials).serviceConfiguration(addressing);
        endpoint.ifPresent(uri -> {
            client.endpointOverride(uri);
            presigner.endpointOverride(uri);
        });
        return new S3BlobStore(client.build(), presigner.build(), bucket);
    }

    public S3BlobStore(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public Optional<Download> download(String key, Duration validity) {
        BlobStore.checkKey(key);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        var presigned = presigner.presignGetObject(p -> p.signatureDuration(validity).getObjectRequest(g -> g.bucket(bucket).key(key)));
        return Optional.of(new Redirect(URI.create(presigned.url().toString())));
    }

    @Override
    public void put(String key, byte[] content) {
        s3.putObject(b -> b.bucket(bucket).key(BlobStore.checkKey(key)), RequestBody.fromBytes(content));
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(BlobStore.checkKey(key))).asByteArray());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
