package cloud.patchmon.api;

import com.amazonaws.services.lambda.runtime.Context;

/** Lets benchmarks outside this package build the handler and the context the runtime would pass. */
public final class StreamLambdaHandlerAccess {

    private StreamLambdaHandlerAccess() {
    }

    public static StreamLambdaHandler newHandler() {
        return new StreamLambdaHandler();
    }

    public static Context context() {
        return new PrimingContext();
    }
}
