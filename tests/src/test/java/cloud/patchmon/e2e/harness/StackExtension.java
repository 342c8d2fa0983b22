package cloud.patchmon.e2e.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Injects the shared {@link LocalStackProcess}, an {@link ApiClient} for it, and the {@link BrowserSpecs} runner. */
public final class StackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStackProcess.class || type == ApiClient.class || type == BrowserSpecs.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStackProcess stack = LocalStackProcess.shared(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == ApiClient.class) {
            return new ApiClient(stack.baseUrl());
        }
        if (type == BrowserSpecs.class) {
            return BrowserSpecs.fromSystemProperties(stack.baseUrl());
        }
        return stack;
    }
}
