package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PatchRequest parse(String json) throws Exception {
        return PatchRequest.parse(JSON.readTree(json));
    }

    @Test
    void aPatchPackageRunKeepsItsNamesInOrderWithoutDuplicates() throws Exception {
        PatchRequest request = parse("{\"patch_run_id\":\"3f2c9a1e-0b7d-4c55-9e1a-7d2f0c4b8a61\",\"patch_type\":\"patch_package\","
                + "\"dry_run\":true,\"package_names\":[\"openssl\",\"libssl3\",\"openssl\",\"g++-12\",\"libstdc++6\"]}");

        assertThat(request).isEqualTo(new PatchRequest("3f2c9a1e-0b7d-4c55-9e1a-7d2f0c4b8a61", PatchType.PATCH_PACKAGE, true,
                List.of("openssl", "libssl3", "g++-12", "libstdc++6")));
    }

    @Test
    void patchAllNeedsNoNamesAndIgnoresAnySentAlong() throws Exception {
        assertThat(parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_all\"}"))
                .isEqualTo(new PatchRequest("r1", PatchType.PATCH_ALL, false, List.of()));
        assertThat(parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_all\",\"package_names\":[\"curl\"]}").packageNames()).isEmpty();
    }

    @Test
    void namesThatCouldBeOptionsOrShellTextAreRefused() {
        for (String name : List.of("-y", "--allow-downgrades", "curl;reboot", "curl bash", "$(id)", "curl\nreboot", "", ".hidden", "a/b")) {
            assertThatThrownBy(() -> PatchRequest.parse(JSON.createObjectNode().put("patch_run_id", "r1").put("patch_type", "patch_package")
                    .set("package_names", JSON.createArrayNode().add(name))))
                    .as(name).isInstanceOf(PatchRequest.Refused.class).hasMessageContaining("names must match ^[a-zA-Z0-9][a-zA-Z0-9._+-]*$");
        }
    }

    @Test
    void malformedRunsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_package\",\"package_names\":[]}"))
                .hasMessage("patch_package needs at least one package name in package_names");
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"upgrade_everything\"}"))
                .hasMessage("patch_type must be patch_all or patch_package");
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_all\",\"dry_run\":\"yes\"}"))
                .hasMessage("dry_run must be true or false");
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_package\",\"package_names\":\"curl\"}"))
                .hasMessage("package_names must be a list of package names");
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"r1\",\"patch_type\":\"patch_package\",\"package_names\":[7]}"))
                .hasMessageStartingWith("invalid package name \"7\"");
        assertThatThrownBy(() -> parse("{\"patch_type\":\"patch_all\"}")).hasMessageContaining("patch_run_id");
        assertThatThrownBy(() -> parse("{\"patch_run_id\":\"a/../b\",\"patch_type\":\"patch_all\"}")).hasMessageContaining("patch_run_id");
    }
}
