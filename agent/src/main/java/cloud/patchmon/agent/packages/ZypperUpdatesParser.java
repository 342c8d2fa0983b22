package cloud.patchmon.agent.packages;

import org.w3c.dom.Element;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code zypper --xmlout list-updates}: an {@code <update kind="package" name edition arch
 * edition-old>} element per package update, its {@code <source alias>} naming the repository.
 */
final class ZypperUpdatesParser {

    private ZypperUpdatesParser() {
    }

    static List<RpmUpdate> parse(String xml) throws IOException {
        List<RpmUpdate> updates = new ArrayList<>();
        for (Element update : ZypperXml.elements(ZypperXml.updateStatus(xml), "update")) {
            String kind = update.getAttribute("kind");
            if (!kind.isEmpty() && !kind.equals("package")) {
                continue;
            }
            String name = update.getAttribute("name");
            String edition = update.getAttribute("edition");
            if (name.isEmpty() || edition.isEmpty()) {
                throw new IOException("zypper update without name or edition: name=\"" + name + "\"");
            }
            updates.add(new RpmUpdate(name, update.getAttribute("arch"), edition, sourceAlias(update)));
        }
        return updates;
    }

    private static String sourceAlias(Element update) {
        List<Element> sources = ZypperXml.elements(update, "source");
        String alias = sources.isEmpty() ? "" : sources.get(0).getAttribute("alias");
        return alias.isEmpty() ? null : alias;
    }
}
