package cloud.patchmon.e2e.shell;

import cloud.patchmon.e2e.harness.BrowserSpecs;
import cloud.patchmon.e2e.harness.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(StackExtension.class)
class AgentQueueBrowserTest {

    @Test
    void fetchReportOnHostDetailPutsAJobInTheAgentQueueThatTheRealAgentCompletes(BrowserSpecs browser) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-query")), "the agent's apt collector needs dpkg-query");
        BrowserSpecs.Result result = browser.run("agent-queue.spec.mjs");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.passed()).as(result.output()).isEqualTo(2);
        assertThat(result.failed()).isZero();
    }
}
