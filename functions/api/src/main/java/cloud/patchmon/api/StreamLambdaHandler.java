package cloud.patchmon.api;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.crac.Core;
import org.crac.Resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Lambda entry point of the API function: API Gateway REST proxy events in, proxy responses
 * out, handled by the Spring application in-process. The Spring context starts once per
 * container (in the SnapStart snapshot), never per request.
 */
public class StreamLambdaHandler implements RequestStreamHandler, Resource {

    private final SpringBootLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> handler;

    /** The runtime's constructor. */
    public StreamLambdaHandler() {
        this(createHandler());
    }

    StreamLambdaHandler(SpringBootLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> handler) {
        this.handler = handler;
        Core.getGlobalContext().register(this);
    }

    private static SpringBootLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> createHandler() {
        try {
            return SpringBootLambdaContainerHandler.getAwsProxyHandler(ApiApplication.class);
        } catch (ContainerInitializationException e) {
            throw new IllegalStateException("the API application could not start", e);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handler.proxyStream(input, output, context);
    }

    /** Primes the hot path before the SnapStart snapshot so restored containers start warm. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        AwsProxyRequest warmUp = new AwsProxyRequest();
        warmUp.setHttpMethod("GET");
        warmUp.setPath("/api/v1/health");
        handler.proxy(warmUp, new PrimingContext());
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to re-open: the SDK's URL-connection client opens connections lazily.
    }
}
