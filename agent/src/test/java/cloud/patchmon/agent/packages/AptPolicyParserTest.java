package cloud.patchmon.agent.packages;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AptPolicyParserTest {

    @Test
    void onePolicyPerPackageAsked() throws IOException {
        Map<String, AptPolicy> policies = AptPolicyParser.parse(AptFixtures.text("held", "apt-cache-policy.txt"));

        assertThat(policies.keySet()).containsExactlyInAnyOrderElementsOf(AptFixtures.policyArguments("held"));
    }

    @Test
    void readsTheVersionTableWithTheSuitesOfEachVersion() throws IOException {
        AptPolicy kernel = AptPolicyParser.parse(AptFixtures.text("held", "apt-cache-policy.txt")).get("linux-image-amd64");

        assertThat(kernel.installed()).isEqualTo("6.1.170-1");
        assertThat(kernel.candidate()).isEqualTo("6.1.192-3");
        assertThat(kernel.versions()).containsExactly(
                new AptPolicy.Version("6.1.192-3", List.of("bookworm-security")),
                new AptPolicy.Version("6.1.176-1", List.of("bookworm")),
                new AptPolicy.Version("6.1.170-1", List.of()));
        assertThat(kernel.upgradable()).isTrue();
    }

    @Test
    void aForeignArchitectureIsItsOwnPackage() throws IOException {
        Map<String, AptPolicy> policies = AptPolicyParser.parse(AptFixtures.text("held", "apt-cache-policy.txt"));

        assertThat(policies.get("libc6:i386").versions()).containsExactly(new AptPolicy.Version("2.36-9+deb12u14", List.of()));
        assertThat(policies.get("libc6").sourceOf("2.36-9+deb12u14")).contains("bookworm");
    }

    @Test
    void aHeldPackageKeepsItsNewerCandidate() throws IOException {
        AptPolicy bash = AptPolicyParser.parse(AptFixtures.text("held", "apt-cache-policy.txt")).get("bash");

        assertThat(bash.upgradable()).isTrue();
        assertThat(bash.candidate()).isEqualTo("5.2.15-2+b13");
    }

    @Test
    void prefersTheSecuritySuiteOnlyWhenItOffersTheVersion() throws IOException {
        Map<String, AptPolicy> policies = AptPolicyParser.parse(AptFixtures.text("bookworm", "apt-cache-policy.txt"));

        // 1.10.1-3+deb12u1 is in bookworm and bookworm-security; libc6's installed version only in bookworm
        assertThat(policies.get("libgcrypt20").suitesOf("1.10.1-3+deb12u1")).containsExactlyInAnyOrder("bookworm", "bookworm-security");
        assertThat(policies.get("libgcrypt20").sourceOf("1.10.1-3+deb12u1")).contains("bookworm-security");
        assertThat(policies.get("libc6").sourceOf("2.36-9+deb12u14")).contains("bookworm");
        assertThat(policies.get("google-cloud-cli").sourceOf("528.0.0-0")).isEmpty();
    }

    @Test
    void aBlockWithoutInstalledAndCandidateIsAnError() {
        assertThatThrownBy(() -> AptPolicyParser.parse("bash:\n  Version table:\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("bash");
    }
}
