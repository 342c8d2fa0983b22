package cloud.patchmon.agent.packages;

import org.w3c.dom.Element;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the needed security patches from {@code zypper --xmlout list-patches}: {@code <update
 * kind="patch" name status category>} elements. The category and status are checked here because
 * zypper's XML output does not apply the {@code --category} filter, and because patches held back
 * behind a pending package-manager update are listed in a separate {@code <blocked-update-list>}
 * that is read as well: they are needed all the same.
 */
final class ZypperPatchesParser {

    private ZypperPatchesParser() {
    }

    /** The names of the patches with category {@code security} and status {@code needed}. */
    static List<String> parse(String xml) throws IOException {
        List<String> names = new ArrayList<>();
        for (Element update : ZypperXml.elements(ZypperXml.updateStatus(xml), "update")) {
            if (update.getAttribute("kind").equals("patch")
                    && update.getAttribute("category").equals("security")
                    && update.getAttribute("status").equals("needed")
                    && !names.contains(update.getAttribute("name"))) {
                names.add(update.getAttribute("name"));
            }
        }
        return names;
    }
}
