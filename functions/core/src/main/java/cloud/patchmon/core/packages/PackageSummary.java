package cloud.patchmon.core.packages;

/**
 * A package across the tenant's fleet (the Packages page's row): how many hosts have it, how
 * many need its update, how many of those are security updates. Maintained from report diffs.
 */
public record PackageSummary(String name, String description, String category, String latestVersion,
                             long hostsInstalled, long hostsNeedingUpdate, long hostsSecurity) {
}
