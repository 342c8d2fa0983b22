package cloud.patchmon.api.dashboard;

import cloud.patchmon.api.security.RequiresPermission;
import cloud.patchmon.core.auth.AuthenticatedUser;
import cloud.patchmon.core.dashboard.DashboardService;
import cloud.patchmon.core.rbac.Permission;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Dashboard's cards (chapter 1). */
@RestController
public class DashboardController {

    private final DashboardService dashboard;

    public DashboardController(DashboardService dashboard) {
        this.dashboard = dashboard;
    }

    @GetMapping("/api/v1/dashboard/stats")
    @RequiresPermission(Permission.CAN_VIEW_DASHBOARD)
    public DashboardService.Stats stats(AuthenticatedUser actor) {
        return dashboard.stats(actor.context());
    }
}
