package cloud.patchmon.core.repositories;

import java.time.Instant;

/**
 * A package source across the tenant's fleet (chapter 7): one record per (URL, distribution,
 * components), however many hosts report it. Reports maintain the identity, the reported name
 * and the two host counters; operators edit the display name, description, priority and the
 * {@code deactivated} flag, which reports never touch.
 *
 * @param reportedName the name the agents last reported; {@link #name} is the operator's override
 * @param deactivated  an operator retired the record: it shows inactive even while hosts use it
 * @param hosts        hosts that have the repository configured
 * @param hostsEnabled of those, hosts where it is enabled
 * @param version      bumped by every change, so an operator's edit cannot overwrite a report's
 */
public record Repository(String id, String url, String distribution, String components, String repoType, boolean secure,
                         String reportedName, String name, String description, Integer priority, boolean deactivated,
                         long hosts, long hostsEnabled, long version, Instant updatedAt) {

    /** The operator's name if set, else the reported one, else the URL. */
    public String displayName() {
        if (name != null && !name.isBlank()) {
            return name;
        }
        return reportedName != null && !reportedName.isBlank() ? reportedName : url;
    }

    /** Chapter 7: active while enabled on at least one host, unless an operator deactivated it. */
    public boolean active() {
        return !deactivated && hostsEnabled > 0;
    }
}
