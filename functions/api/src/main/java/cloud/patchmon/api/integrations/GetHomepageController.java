package cloud.patchmon.api.integrations;

import cloud.patchmon.api.security.IntegrationEndpoint;
import cloud.patchmon.core.integrations.HomepageStatsService;
import cloud.patchmon.core.integrations.IntegrationAuthenticator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The gethomepage customapi widget's endpoints (chapter 27), for credentials of usage type gethomepage only. */
@RestController
public class GetHomepageController {

    private final HomepageStatsService stats;
    private final Clock clock;

    public GetHomepageController(HomepageStatsService stats, Clock clock) {
        this.stats = stats;
        this.clock = clock;
    }

    public record OsView(String name, long count, String osType, String osVersion) {
    }

    /** Field order as chapter 27 prints it; the top three repeat the distribution's first entries ("None", 0 when missing). */
    public record StatsView(long totalHosts, long totalOutdatedPackages, long totalRepos, long hostsNeedingUpdates, long upToDateHosts,
                            long securityUpdates, long hostsWithSecurityUpdates, @JsonProperty("recent_updates_24h") long recentUpdates24h,
                            List<OsView> osDistribution,
                            @JsonProperty("top_os_1_name") String topOs1Name, @JsonProperty("top_os_1_count") long topOs1Count,
                            @JsonProperty("top_os_2_name") String topOs2Name, @JsonProperty("top_os_2_count") long topOs2Count,
                            @JsonProperty("top_os_3_name") String topOs3Name, @JsonProperty("top_os_3_count") long topOs3Count,
                            Instant lastUpdated) {
    }

    public record HealthView(String status, Instant timestamp, String apiKey) {
    }

    @GetMapping("/api/v1/gethomepage/stats")
    @IntegrationEndpoint(type = IntegrationAuthenticator.GETHOMEPAGE)
    public StatsView stats(IntegrationAuthenticator.Credential credential) {
        HomepageStatsService.Stats s = stats.stats(credential.context());
        List<OsView> os = s.osDistribution().stream().map(o -> new OsView(o.name(), o.count(), o.osType(), o.osVersion())).toList();
        return new StatsView(s.totalHosts(), s.totalOutdatedPackages(), s.totalRepos(), s.hostsNeedingUpdates(), s.upToDateHosts(),
                s.securityUpdates(), s.hostsWithSecurityUpdates(), s.recentUpdates24h(), os,
                name(os, 0), count(os, 0), name(os, 1), count(os, 1), name(os, 2), count(os, 2), s.lastUpdated());
    }

    @GetMapping("/api/v1/gethomepage/health")
    @IntegrationEndpoint(type = IntegrationAuthenticator.GETHOMEPAGE)
    public HealthView health(IntegrationAuthenticator.Credential credential) {
        return new HealthView("ok", clock.instant(), credential.token().tokenName());
    }

    private static String name(List<OsView> os, int i) {
        return i < os.size() ? os.get(i).name() : "None";
    }

    private static long count(List<OsView> os, int i) {
        return i < os.size() ? os.get(i).count() : 0;
    }
}
