package cloud.patchmon.local;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DynamoDB Local in this JVM, file-backed under the data directory and reached over loopback
 * HTTP, so the API talks to it through exactly the SDK client it uses against AWS.
 */
final class EmbeddedDynamoDb implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    static EmbeddedDynamoDb start(Path directory) throws Exception {
        Files.createDirectories(directory);
        int port = freeLoopbackPort();
        // -sharedDb: one database file whatever region or credentials a client uses.
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[]{
                "-dbPath", directory.toString(), "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        return new EmbeddedDynamoDb(server, URI.create("http://127.0.0.1:" + port));
    }

    URI endpoint() {
        return endpoint;
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
