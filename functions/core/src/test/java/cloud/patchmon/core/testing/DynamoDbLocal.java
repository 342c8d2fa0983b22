package cloud.patchmon.core.testing;

import cloud.patchmon.core.storage.CapacityMeter;
import cloud.patchmon.core.storage.DynamoDbClients;
import cloud.patchmon.core.storage.StorageSettings;
import cloud.patchmon.core.storage.TableDesign;
import cloud.patchmon.core.storage.TableProvisioner;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One in-memory DynamoDB Local server per test JVM (its start costs seconds), reached over HTTP
 * by a real SDK client so the adapter, its interceptors and the wire format are all exercised.
 * Each test class asks for its own table to stay independent of the others.
 */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocal(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * The JVM-wide server for code that has no extension context (Spring's
     * {@code @DynamicPropertySource}); stopped by a shutdown hook.
     */
    public static DynamoDbLocal instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        private static final DynamoDbLocal INSTANCE = startWithShutdownHook();

        private static DynamoDbLocal startWithShutdownHook() {
            DynamoDbLocal local = start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    local.close();
                } catch (Exception ignored) {
                    // the JVM is exiting anyway
                }
            }));
            return local;
        }
    }

    /** The JVM-wide server, started on first use and stopped when the test JVM's root context closes. */
    public static DynamoDbLocal shared(ExtensionContext context) {
        return instance();
    }

    private static DynamoDbLocal start() {
        try {
            int port = freePort();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[]{
                    "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new DynamoDbLocal(server, URI.create("http://localhost:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings for a fresh, provisioned table of the production design. */
    public StorageSettings newTable() {
        StorageSettings settings = new StorageSettings("test-" + UUID.randomUUID(), Optional.of(endpoint), "us-east-1");
        try (DynamoDbClient client = client(settings, new CapacityMeter())) {
            new TableProvisioner(client).ensure(TableDesign.mainTable(settings.tableName()));
        }
        return settings;
    }

    public DynamoDbClient client(StorageSettings settings, CapacityMeter meter) {
        return DynamoDbClients.create(settings, meter, Map.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
