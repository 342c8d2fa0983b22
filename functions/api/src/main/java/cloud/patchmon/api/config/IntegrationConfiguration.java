package cloud.patchmon.api.config;

import cloud.patchmon.core.hosts.HostInventoryService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.integrations.HomepageStatsService;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import cloud.patchmon.core.integrations.IntegrationHostService;
import cloud.patchmon.core.storage.ItemStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The Integration API and the gethomepage widget (chapters 27 and 31). */
@Configuration(proxyBeanMethods = false)
public class IntegrationConfiguration {

    @Bean
    public IntegrationAuthenticator integrationAuthenticator(ItemStore store, Clock clock) {
        return new IntegrationAuthenticator(store, clock);
    }

    @Bean
    public IntegrationHostService integrationHostService(ItemStore store, HostService hosts, HostInventoryService inventory, ReportService reports) {
        return new IntegrationHostService(store, hosts, inventory, reports);
    }

    @Bean
    public HomepageStatsService homepageStatsService(ItemStore store, Clock clock) {
        return new HomepageStatsService(store, clock);
    }
}
