package cloud.patchmon.core.realtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patch run's output as {@code run:<id>} frames (the spec's snapshot/chunk/done, ch. 9 and 11) that each fit API
 * Gateway's 128 KB message limit. Output is text addressed by character offset: a {@code snapshot} carries the run's
 * status as {@code stage}, its output from offset 0 as {@code shell_output} and the whole output's {@code length}; each
 * {@code chunk} the text at its {@code offset}; {@code done} the final status and the output's total length. Output
 * too long for one frame is cut into consecutive chunks, so a browser appends a frame's text when its {@code offset}
 * equals what it holds, ignores repeats and re-subscribes (getting a new snapshot) on a gap.
 */
public final class RunFrames {

    /** Room left for the frame's other fields (type, run id, channel, stage, offset, error) in the worst case. */
    static final int ENVELOPE_BYTES = 2048;
    static final int MAX_DATA_BYTES = AgentChannel.MAX_MESSAGE_BYTES - ENVELOPE_BYTES;
    /** Longer error messages are cut: they ride along with the output in one frame. */
    static final int MAX_ERROR_CHARS = 300;

    private RunFrames() {
    }

    /** The output so far for a new subscriber: one snapshot, then chunks for what did not fit. */
    public static List<Map<String, Object>> snapshot(String runId, String stage, String output, String errorMessage) {
        String text = output == null ? "" : output;
        List<Map<String, Object>> frames = new ArrayList<>();
        List<String> pieces = split(text, MAX_DATA_BYTES);
        Map<String, Object> snapshot = frame("snapshot", runId);
        snapshot.put("stage", stage);
        snapshot.put("shell_output", pieces.isEmpty() ? "" : pieces.get(0));
        snapshot.put("offset", 0);
        snapshot.put("length", text.length());
        snapshot.put("error_message", error(errorMessage));
        frames.add(snapshot);
        int offset = pieces.isEmpty() ? 0 : pieces.get(0).length();
        for (int i = 1; i < pieces.size(); i++) {
            frames.add(chunkFrame(runId, offset, pieces.get(i)));
            offset += pieces.get(i).length();
        }
        return frames;
    }

    /** New output starting at {@code offset}, as one or more chunks. */
    public static List<Map<String, Object>> chunks(String runId, int offset, String data) {
        List<Map<String, Object>> frames = new ArrayList<>();
        int at = offset;
        for (String piece : split(data, MAX_DATA_BYTES)) {
            frames.add(chunkFrame(runId, at, piece));
            at += piece.length();
        }
        return frames;
    }

    public static Map<String, Object> done(String runId, String stage, int length, String errorMessage) {
        Map<String, Object> done = frame("done", runId);
        done.put("stage", stage);
        done.put("length", length);
        done.put("error_message", error(errorMessage));
        return done;
    }

    private static String error(String errorMessage) {
        if (errorMessage == null) {
            return "";
        }
        return errorMessage.length() > MAX_ERROR_CHARS ? errorMessage.substring(0, MAX_ERROR_CHARS) : errorMessage;
    }

    private static Map<String, Object> frame(String type, String runId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        frame.put("channel", UiChannelName.run(runId).toString());
        frame.put("patch_run_id", runId);
        return frame;
    }

    private static Map<String, Object> chunkFrame(String runId, int offset, String data) {
        Map<String, Object> chunk = frame("chunk", runId);
        chunk.put("stage", "progress");
        chunk.put("chunk", data);
        chunk.put("offset", offset);
        return chunk;
    }

    /**
     * Cuts text into pieces whose JSON string encoding (escapes and UTF-8 included) stays within {@code maxBytes}, never
     * inside a surrogate pair.
     */
    static List<String> split(String text, int maxBytes) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int width = encodedBytes(cp);
            if (bytes + width > maxBytes && i > start) {
                pieces.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        if (i > start) {
            pieces.add(text.substring(start, i));
        }
        return pieces;
    }

    /** Bytes a code point takes inside a JSON string as Jackson writes it. */
    static int encodedBytes(int cp) {
        if (cp == '"' || cp == '\\' || cp == '\n' || cp == '\r' || cp == '\t' || cp == '\b' || cp == '\f') {
            return 2;
        }
        if (cp < 0x20) {
            return 6;
        }
        if (cp < 0x80) {
            return 1;
        }
        if (cp < 0x800) {
            return 2;
        }
        return cp < 0x10000 ? 3 : 4;
    }
}
