package cloud.patchmon.api.config;

import cloud.patchmon.core.auth.PasswordHasher;
import cloud.patchmon.core.dashboard.DashboardService;
import cloud.patchmon.core.hosts.AgentAuthenticator;
import cloud.patchmon.core.hosts.BootstrapTokens;
import cloud.patchmon.core.hosts.CheckInService;
import cloud.patchmon.core.packages.PackageQueryService;
import cloud.patchmon.core.realtime.AgentConnections;
import cloud.patchmon.core.realtime.ConnectionRepository;
import cloud.patchmon.core.repositories.RepositoryService;
import cloud.patchmon.core.secrets.SecretBox;
import cloud.patchmon.core.hosts.ReportService;
import cloud.patchmon.core.hosts.HostGroupService;
import cloud.patchmon.core.hosts.HostInventoryService;
import cloud.patchmon.core.hosts.HostService;
import cloud.patchmon.core.storage.ItemStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Hosts, host groups and the dashboard built from them. */
@Configuration(proxyBeanMethods = false)
public class HostsConfiguration {

    @Bean
    public HostGroupService hostGroupService(ItemStore store, Clock clock) {
        return new HostGroupService(store, clock);
    }

    @Bean
    public AgentAuthenticator agentAuthenticator(ItemStore store, PasswordHasher hasher, Clock clock) {
        return new AgentAuthenticator(store, hasher, clock);
    }

    @Bean
    public AgentConnections agentConnections(ItemStore store, Clock clock) {
        return new AgentConnections(new ConnectionRepository(store), clock);
    }

    @Bean
    public CheckInService checkInService(ItemStore store, Clock clock) {
        return new CheckInService(store, clock);
    }

    @Bean
    public ReportService reportService(ItemStore store, Clock clock) {
        return new ReportService(store, clock);
    }

    @Bean
    public HostInventoryService hostInventoryService(ItemStore store, ReportService reports) {
        return new HostInventoryService(store, reports);
    }

    @Bean
    public BootstrapTokens bootstrapTokens(ItemStore store, SecretBox box, Clock clock) {
        return new BootstrapTokens(store, box, clock);
    }

    @Bean
    public PackageQueryService packageQueryService(ItemStore store) {
        return new PackageQueryService(store);
    }

    @Bean
    public RepositoryService repositoryService(ItemStore store, ReportService reports, Clock clock) {
        return new RepositoryService(store, reports, clock);
    }

    @Bean
    public DashboardService dashboardService(ItemStore store, Clock clock) {
        return new DashboardService(store, clock);
    }

    @Bean
    public HostService hostService(ItemStore store, PasswordHasher hasher, Clock clock) {
        return new HostService(store, hasher, clock);
    }
}
