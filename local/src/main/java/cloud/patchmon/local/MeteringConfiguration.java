package cloud.patchmon.local;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The local stack's count of Lambda {@code api} invocations (the WebSocket emulators and workflows count their own). */
@Configuration(proxyBeanMethods = false)
class MeteringConfiguration {

    @Bean
    ApiInvocationMeter apiInvocationMeter() {
        return new ApiInvocationMeter();
    }

    /** After the WebSocket upgrade filters, which answer upgrades without passing them on. */
    @Bean
    FilterRegistrationBean<ApiInvocationMeter> apiInvocationMeterFilter(ApiInvocationMeter meter) {
        FilterRegistrationBean<ApiInvocationMeter> registration = new FilterRegistrationBean<>(meter);
        registration.addUrlPatterns(ApiInvocationMeter.PATTERN);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
