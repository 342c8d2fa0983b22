package cloud.patchmon.jobs;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job and how often it runs. The schedule is an EventBridge rate expression, so the CDK app
 * deploys it verbatim and the local stack's scheduler runs the same period.
 *
 * @param name     what the schedule's input names ({@code {"job": name}})
 * @param schedule {@code rate(<n> minute(s)|hour(s)|day(s))}
 */
public record ScheduledJob(String name, String schedule, String description) {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minute|minutes|hour|hours|day|days)\\)");

    public ScheduledJob {
        Objects.requireNonNull(name, "name");
        period(schedule);
    }

    /** The rate as a duration; EventBridge's singular/plural rule (1 day, 2 days) is enforced. */
    public Duration period() {
        return period(schedule);
    }

    private static Duration period(String schedule) {
        Matcher m = RATE.matcher(schedule == null ? "" : schedule);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an EventBridge rate expression: " + schedule);
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (value < 1 || (value == 1) != !unit.endsWith("s")) {
            throw new IllegalArgumentException("EventBridge wants 'rate(1 " + unit.replaceAll("s$", "") + ")' or 'rate(n " + unit.replaceAll("s?$", "s") + ")': " + schedule);
        }
        return switch (unit.replaceAll("s$", "")) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }
}
