package cloud.patchmon.core.rbac;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The 20 permission flags of the spec (chapter 24), grouped by risk tier. */
public enum Permission {
    CAN_VIEW_DASHBOARD(Tier.MONITORING),
    CAN_VIEW_HOSTS(Tier.MONITORING),
    CAN_VIEW_PACKAGES(Tier.MONITORING),
    CAN_VIEW_REPORTS(Tier.MONITORING),
    CAN_VIEW_NOTIFICATION_LOGS(Tier.MONITORING),
    CAN_MANAGE_HOSTS(Tier.HOST_INFRASTRUCTURE),
    CAN_MANAGE_PACKAGES(Tier.HOST_INFRASTRUCTURE),
    CAN_MANAGE_DOCKER(Tier.HOST_INFRASTRUCTURE),
    CAN_MANAGE_PATCHING(Tier.OPERATIONS),
    CAN_MANAGE_COMPLIANCE(Tier.OPERATIONS),
    CAN_MANAGE_ALERTS(Tier.OPERATIONS),
    CAN_MANAGE_AUTOMATION(Tier.OPERATIONS),
    CAN_USE_REMOTE_ACCESS(Tier.OPERATIONS),
    CAN_VIEW_USERS(Tier.ADMINISTRATION),
    CAN_MANAGE_USERS(Tier.ADMINISTRATION),
    CAN_MANAGE_SUPERUSERS(Tier.ADMINISTRATION),
    CAN_MANAGE_SETTINGS(Tier.ADMINISTRATION),
    CAN_MANAGE_NOTIFICATIONS(Tier.ADMINISTRATION),
    CAN_EXPORT_DATA(Tier.ADMINISTRATION),
    CAN_MANAGE_BILLING(Tier.ADMINISTRATION);

    public enum Tier { MONITORING, HOST_INFRASTRUCTURE, OPERATIONS, ADMINISTRATION }

    private final Tier tier;

    Permission(Tier tier) {
        this.tier = tier;
    }

    public Tier tier() {
        return tier;
    }

    /** The wire name, e.g. {@code can_view_hosts}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Permission> fromKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
    }

    public static Set<Permission> inTiers(Tier... tiers) {
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (Permission permission : values()) {
            for (Tier tier : tiers) {
                if (permission.tier == tier) {
                    result.add(permission);
                }
            }
        }
        return result;
    }
}
