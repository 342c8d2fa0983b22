package cloud.patchmon.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One entry of {@code networkInterfaces[]} in the agent's {@code POST /hosts/update} body (camelCase,
 * the agent's {@code models.NetworkInterface}; not {@link java.net.NetworkInterface}). The link-layer
 * fields {@code mtu}, {@code status}, {@code linkSpeed} and {@code duplex} are stored but deliberately
 * not hashed: they flap on autonegotiation and cable events.
 *
 * @param mtu omitted by the agent when 0
 * @param status "up" or "down"
 * @param linkSpeed Mbps, -1 if unknown, omitted when 0
 * @param duplex "full", "half" or omitted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkInterface(
        @JsonProperty("name") String name,
        @JsonProperty("type") String type,
        @JsonProperty("macAddress") String macAddress,
        @JsonProperty("mtu") Integer mtu,
        @JsonProperty("status") String status,
        @JsonProperty("linkSpeed") Integer linkSpeed,
        @JsonProperty("duplex") String duplex,
        @JsonProperty("addresses") List<Address> addresses) {

    /** An interface without link-layer details. */
    public static NetworkInterface of(String name, String type, String macAddress, List<Address> addresses) {
        return new NetworkInterface(name, type, macAddress, null, null, null, null, addresses);
    }

    /**
     * One address bound to the interface (the agent's {@code models.NetworkAddress}).
     *
     * @param family "inet" or "inet6"
     * @param netmask CIDR suffix such as "/24"; omitted by the agent when empty
     * @param gateway omitted by the agent when empty
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Address(
            @JsonProperty("address") String address,
            @JsonProperty("family") String family,
            @JsonProperty("netmask") String netmask,
            @JsonProperty("gateway") String gateway) {
    }
}
