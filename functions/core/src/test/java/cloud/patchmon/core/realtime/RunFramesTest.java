package cloud.patchmon.core.realtime;

import cloud.patchmon.core.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunFramesTest {

    private static int encodedLength(String piece) throws Exception {
        return Json.newMapper().writeValueAsString(piece).getBytes(StandardCharsets.UTF_8).length - 2;
    }

    @Test
    void piecesStayWithinTheBudgetAsJacksonEncodesThem() throws Exception {
        String text = "plain ascii, \"quotes\", back\\slash, tab\t, bell\u0007, é, €, 😀 ".repeat(500);
        List<String> pieces = RunFrames.split(text, 1000);
        assertThat(String.join("", pieces)).isEqualTo(text);
        for (String piece : pieces) {
            assertThat(encodedLength(piece)).isLessThanOrEqualTo(1000);
            // Never cut inside a surrogate pair.
            assertThat(Character.isLowSurrogate(piece.charAt(0))).isFalse();
        }
        assertThat(pieces.size()).isGreaterThan(1);
    }

    @Test
    void aSnapshotFitsOneFrameWhenItCanAndChunksCarryTheirOffsets() throws Exception {
        assertThat(RunFrames.snapshot("r1", "running", "hello", null)).singleElement()
                .isEqualTo(Map.of("type", "snapshot", "channel", "run:r1", "patch_run_id", "r1", "stage", "running", "offset", 0,
                        "shell_output", "hello", "length", 5, "error_message", ""));
        assertThat(RunFrames.snapshot("r1", "queued", null, null)).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("shell_output", "").containsEntry("length", 0));

        String big = "x".repeat(RunFrames.MAX_DATA_BYTES * 2 + 10);
        List<Map<String, Object>> chunks = RunFrames.chunks("r1", 7, big);
        assertThat(chunks).hasSize(3);
        assertThat(chunks).extracting(c -> c.get("offset")).containsExactly(7, 7 + RunFrames.MAX_DATA_BYTES, 7 + 2 * RunFrames.MAX_DATA_BYTES);
        for (Map<String, Object> chunk : chunks) {
            assertThat(Json.newMapper().writeValueAsString(chunk).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(AgentChannel.MAX_MESSAGE_BYTES);
        }
        assertThat(chunks).allSatisfy(c -> assertThat(c).containsEntry("stage", "progress").containsEntry("patch_run_id", "r1"));
        assertThat(RunFrames.done("r1", "failed", 42, "E".repeat(400))).containsEntry("type", "done").containsEntry("stage", "failed")
                .containsEntry("length", 42).containsEntry("error_message", "E".repeat(RunFrames.MAX_ERROR_CHARS));
    }
}
