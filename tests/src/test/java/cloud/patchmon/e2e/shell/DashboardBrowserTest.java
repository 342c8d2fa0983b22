package cloud.patchmon.e2e.shell;

import cloud.patchmon.e2e.harness.BrowserSpecs;
import cloud.patchmon.e2e.harness.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(StackExtension.class)
class DashboardBrowserTest {

    @Test
    void dashboardCardsCountReportedHostsAndOpenTheFilteredListsInARealBrowser(BrowserSpecs browser) throws Exception {
        BrowserSpecs.Result result = browser.run("dashboard.spec.mjs");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).as(result.output()).isEqualTo(7);
        assertThat(result.failed()).isZero();
    }
}
