package cloud.patchmon.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code __NAME__} placeholders of the served scripts, read from the templates themselves, so a test can check a
 * served script filled every one of them. (Checking for a bare "__" fails whenever a random token or secret in the
 * script happens to contain two underscores.)
 */
public final class ScriptPlaceholders {

    private static final List<String> TEMPLATES = List.of("agent/install.sh", "agent/install.ps1",
            "enrollment/direct_host_auto_enroll.sh", "enrollment/proxmox_auto_enroll.sh");
    private static final Pattern PLACEHOLDER = Pattern.compile("__[A-Z][A-Z0-9_]*__");

    private ScriptPlaceholders() {
    }

    /** Every placeholder any template uses. */
    public static Set<String> all() {
        Set<String> names = new TreeSet<>();
        for (String template : TEMPLATES) {
            try (InputStream in = ScriptPlaceholders.class.getClassLoader().getResourceAsStream(template)) {
                if (in == null) {
                    throw new IllegalStateException("missing template " + template);
                }
                Matcher m = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    names.add(m.group());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** Fails when {@code script} still holds a placeholder. */
    public static void assertAllFilled(String script) {
        org.assertj.core.api.Assertions.assertThat(all()).as("the templates' placeholders").isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(leftIn(script)).as("unfilled placeholders").isEmpty();
    }

    /** The placeholders left in {@code script}: empty when every one was filled. */
    public static Set<String> leftIn(String script) {
        Set<String> left = new TreeSet<>();
        for (String name : all()) {
            if (script.contains(name)) {
                left.add(name);
            }
        }
        return left;
    }
}
