package cloud.patchmon.core.patching;

import cloud.patchmon.core.errors.DomainException;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The effective patch policy as copied onto a run when it is triggered (chapter 10, "The policy snapshot"): immutable,
 * so later edits or the policy's deletion never rewrite what a run says was in effect. {@code policyId} is null for the
 * implicit Default policy.
 *
 * <p>{@code fixedTimeUtc} keeps the spec's field name, but unlike PatchMon (which reads it as UTC and shows the
 * time zone only as a label) PatchMon Cloud reads it as wall-clock time in {@code timezone} when one is set, so a
 * 03:00 Europe/London window stays at 03:00 local time across DST changes (see {@link PolicySchedule}).
 */
public record PolicySnapshot(String policyId, String name, String patchDelayType, Integer delayMinutes,
                             String fixedTimeUtc, String timezone) {

    public static final String IMMEDIATE = "immediate";
    public static final String DELAYED = "delayed";
    public static final String FIXED_TIME = "fixed_time";
    public static final String DEFAULT_NAME = "Default";
    /** What the Run Detail sidebar says about the implicit policy. */
    public static final String DEFAULT_DESCRIPTION = "Default policy. Runs immediately on trigger.";
    /** An upper bound that keeps a delayed run inside a Standard execution's one-year limit with room to spare. */
    public static final int MAX_DELAY_MINUTES = 525_600;

    private static final Pattern HH_MM = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");

    /** The implicit policy of a host with no assignment: immediate. */
    public static final PolicySnapshot DEFAULT = new PolicySnapshot(null, DEFAULT_NAME, IMMEDIATE, null, null, null);

    /** @throws DomainException 400 when the fields do not make a valid policy of their delay type */
    public PolicySnapshot {
        if (name == null || name.isBlank()) {
            throw DomainException.badRequest("Policy name is required");
        }
        if (patchDelayType == null) {
            throw DomainException.badRequest("patch_delay_type must be immediate, delayed or fixed_time");
        }
        switch (patchDelayType) {
            case IMMEDIATE -> {
                delayMinutes = null;
                fixedTimeUtc = null;
            }
            case DELAYED -> {
                if (delayMinutes == null || delayMinutes < 1 || delayMinutes > MAX_DELAY_MINUTES) {
                    throw DomainException.badRequest("delay_minutes must be between 1 and " + MAX_DELAY_MINUTES + " for a delayed policy");
                }
                fixedTimeUtc = null;
            }
            case FIXED_TIME -> {
                if (fixedTimeUtc == null || !HH_MM.matcher(fixedTimeUtc).matches()) {
                    throw DomainException.badRequest("fixed_time_utc must be HH:MM for a fixed_time policy");
                }
                delayMinutes = null;
            }
            default -> throw DomainException.badRequest("patch_delay_type must be immediate, delayed or fixed_time");
        }
        if (timezone != null && !timezone.isBlank()) {
            try {
                ZoneId.of(timezone);
            } catch (DateTimeException e) {
                throw DomainException.badRequest("timezone must be an IANA time zone name such as Europe/London");
            }
        } else {
            timezone = null;
        }
    }

    public boolean isDefault() {
        return policyId == null;
    }

    /** The zone a fixed time is read in: the policy's, UTC when it names none. */
    public ZoneId zone() {
        return timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
    }

    /** The fixed time of day; only for {@code fixed_time} policies. */
    public LocalTime fixedTime() {
        try {
            return LocalTime.parse(fixedTimeUtc);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalStateException("not a fixed_time policy: " + name);
        }
    }

    /** The snapshot as stored on a run and returned by the API ({@code policy_snapshot}). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", policyId);
        json.put("name", name);
        json.put("patch_delay_type", patchDelayType);
        json.put("delay_minutes", delayMinutes);
        json.put("fixed_time_utc", fixedTimeUtc);
        json.put("timezone", timezone);
        return json;
    }

    /** Reads {@link #toJson()}'s shape back (a stored snapshot). */
    public static PolicySnapshot fromJson(Map<String, ?> json) {
        Object minutes = json.get("delay_minutes");
        return new PolicySnapshot((String) json.get("id"), (String) json.get("name"), (String) json.get("patch_delay_type"),
                minutes == null ? null : ((Number) minutes).intValue(), (String) json.get("fixed_time_utc"),
                (String) json.get("timezone"));
    }
}
