package cloud.patchmon.api.realtime;

import cloud.patchmon.api.security.SignedIn;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.realtime.WsTickets;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/** The one-time ticket a signed-in browser presents when it opens the live-updates WebSocket. */
@RestController
public class WsTicketController {

    private final WsTickets tickets;

    public WsTicketController(WsTickets tickets) {
        this.tickets = tickets;
    }

    public record TicketResponse(String ticket, Instant expiresAt) {
    }

    @PostMapping("/api/v1/auth/ws-ticket")
    @SignedIn
    public TicketResponse issue(AuthenticatedUser user) {
        WsTickets.Ticket ticket = tickets.issue(user.context());
        return new TicketResponse(ticket.ticket(), ticket.expiresAt());
    }
}
