package cloud.patchmon.core.realtime;

import cloud.patchmon.core.errors.DomainException;

import java.util.regex.Pattern;

/**
 * A channel a browser can subscribe to: {@code host:<hostId>} (connection, report and health events of one host) or
 * {@code run:<runId>} (a patch run's output). The id is checked against the subscriber's tenant before anything is
 * stored, so a channel name never reaches another tenant's data.
 */
public record UiChannelName(Kind kind, String id) {

    public enum Kind { HOST, RUN }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public static UiChannelName host(String hostId) {
        return new UiChannelName(Kind.HOST, hostId);
    }

    public static UiChannelName run(String runId) {
        return new UiChannelName(Kind.RUN, runId);
    }

    /** @throws DomainException 400 for anything but {@code host:<id>} or {@code run:<id>} */
    public static UiChannelName parse(String channel) {
        if (channel != null) {
            int colon = channel.indexOf(':');
            String id = colon < 0 ? "" : channel.substring(colon + 1);
            if (ID.matcher(id).matches()) {
                switch (channel.substring(0, colon)) {
                    case "host" -> {
                        return host(id);
                    }
                    case "run" -> {
                        return run(id);
                    }
                    default -> {
                    }
                }
            }
        }
        throw DomainException.badRequest("A channel is host:<id> or run:<id>");
    }

    @Override
    public String toString() {
        return (kind == Kind.HOST ? "host:" : "run:") + id;
    }
}
