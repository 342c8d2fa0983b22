package cloud.patchmon.api.bench;

import cloud.patchmon.api.StreamLambdaHandlerAccess;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;

/** One cold start: construct the handler as the Lambda runtime does, answer one captured event, print timings. */
public final class ColdStartProbe {

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        var handler = StreamLambdaHandlerAccess.newHandler();
        long initDone = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream event = ColdStartProbe.class.getResourceAsStream("/events/health-get.json")) {
            handler.handleRequest(event, out, StreamLambdaHandlerAccess.context());
        }
        long answered = System.currentTimeMillis();
        if (!out.toString().contains("\"statusCode\":200")) {
            throw new IllegalStateException("unexpected response: " + out);
        }
        System.out.println("COLDSTART " + (initDone - jvmStart) + " " + (answered - initDone));
        System.exit(0);
    }
}
