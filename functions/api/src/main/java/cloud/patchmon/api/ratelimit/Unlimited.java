package cloud.patchmon.api.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route the request limits leave alone: health checks, which uptime monitors poll from one
 * address and which must keep answering while a client is being limited.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Unlimited {
}
