package cloud.patchmon.api.config;

import cloud.patchmon.core.auth.AuthSettings;
import cloud.patchmon.core.enrollment.AutoEnrollmentService;
import cloud.patchmon.core.enrollment.EnrollmentTokenService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.storage.ItemStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Auto-enrollment tokens and enrolment (chapters 29 and 30). */
@Configuration(proxyBeanMethods = false)
public class EnrollmentConfiguration {

    @Bean
    public EnrollmentTokenService enrollmentTokenService(ItemStore store, Clock clock) {
        return new EnrollmentTokenService(store, clock);
    }

    @Bean
    public AutoEnrollmentService autoEnrollmentService(ItemStore store, HostService hosts, AuthSettings settings, Clock clock) {
        return new AutoEnrollmentService(store, hosts, settings, clock);
    }
}
