package cloud.patchmon.e2e.patching;

import cloud.patchmon.e2e.harness.BrowserSpecs;
import cloud.patchmon.e2e.harness.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(StackExtension.class)
class PatchingBrowserTest {

    @Test
    void runsAndHistoryFiltersLiveInTheUrlSurviveAReloadPageAndDeleteASingleRunInARealBrowser(BrowserSpecs browser) throws Exception {
        BrowserSpecs.Result result = browser.run("patching-history.spec.mjs");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).as(result.output()).isEqualTo(4);
        assertThat(result.failed()).isZero();
    }

    @Test
    void patchThisPackageValidatesTheFleetFiveAtATimeAndApprovesTheValidatedRunsInARealBrowser(BrowserSpecs browser) throws Exception {
        BrowserSpecs.Result result = browser.run("patching-fleet.spec.mjs");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).as(result.output()).isEqualTo(3);
        assertThat(result.failed()).isZero();
    }
}
