package cloud.patchmon.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The route is called with an integration credential in HTTP Basic auth (chapters 27 and 31): a token of usage
 * {@link #type}, checked in the spec's order (IP allow-list included) before the controller runs, and, when
 * {@link #resource} is set, holding the scope {@code resource:action}. A credential of another type, an agent key or a
 * user's session never passes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface IntegrationEndpoint {

    /** {@code api} or {@code gethomepage}. */
    String type();

    String resource() default "";

    String action() default "";
}
