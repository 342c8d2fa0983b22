package cloud.patchmon.core.patching;

import cloud.patchmon.core.tenancy.TenantContext;

/**
 * Resolves the policy in effect for a host (chapter 10, "Effective Policy Resolution"): a direct host assignment,
 * else the oldest group assignment that does not exclude the host, else {@link PolicySnapshot#DEFAULT}.
 */
@FunctionalInterface
public interface EffectivePolicies {

    /** @param hostId a host of the context's tenant (the caller has checked it exists) */
    PolicySnapshot effectiveFor(TenantContext ctx, String hostId);

    /** Every host on the Default policy: what a tenant has before policies exist. */
    EffectivePolicies DEFAULT_ONLY = (ctx, hostId) -> PolicySnapshot.DEFAULT;
}
