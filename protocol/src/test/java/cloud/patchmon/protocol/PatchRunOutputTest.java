package cloud.patchmon.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatchRunOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUpstreamAgentsBodyReadsWithoutTheAffectedList() throws Exception {
        PatchRunOutput body = JSON.readValue("{\"stage\":\"dry_run_completed\",\"output\":\"Inst curl\",\"error_message\":\"\",\"extra\":1}",
                PatchRunOutput.class);

        assertThat(body).isEqualTo(new PatchRunOutput("dry_run_completed", "Inst curl", "", null));
        assertThat(body.terminal()).isTrue();
        assertThat(PatchRunOutput.progress("x").terminal()).isFalse();
    }

    @Test
    void absentFieldsAreLeftOutAndTheAffectedListIsSnakeCase() throws Exception {
        PatchRunOutput body = new PatchRunOutput("dry_run_completed", "out", null,
                List.of(new PatchRunOutput.AffectedPackage("libcurl4", null, null, "7.88.1-10+deb12u15", "install", true)));

        assertThat(JSON.writeValueAsString(PatchRunOutput.started())).isEqualTo("{\"stage\":\"started\"}");
        assertThat(JSON.readTree(JSON.writeValueAsString(body))).isEqualTo(JSON.readTree("{\"stage\":\"dry_run_completed\",\"output\":\"out\","
                + "\"packages_affected\":[{\"name\":\"libcurl4\",\"new_version\":\"7.88.1-10+deb12u15\",\"action\":\"install\",\"dependency\":true}]}"));
        assertThat(JSON.readValue(JSON.writeValueAsString(body), PatchRunOutput.class)).isEqualTo(body);
    }
}
