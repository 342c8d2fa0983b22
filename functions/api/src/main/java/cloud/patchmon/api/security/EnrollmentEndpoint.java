package cloud.patchmon.api.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The route is called by enrolment scripts with {@code X-Auto-Enrollment-Key} and
 * {@code X-Auto-Enrollment-Secret}; the token is checked, IP allow-list included, before the
 * body is read.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface EnrollmentEndpoint {
}
