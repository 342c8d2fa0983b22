package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads the installed packages from {@code pkg query -a} with {@link #QUERY_FORMAT}. */
final class FreeBsdPkgQueryParser {

    /*
     * Name, version, origin and comment, tab separated. The tabs are real tab characters: no shell
     * runs the command and pkg copies characters other than % and \ as they are. The comment comes
     * last so a tab inside it cannot shift the other fields.
     */
    static final String QUERY_FORMAT = "%n\t%v\t%o\t%c";

    private FreeBsdPkgQueryParser() {
    }

    /** The packages sorted by name; a package database listing nothing (not even pkg) is an error. */
    static List<FreeBsdPackage> parse(String stdout) throws IOException {
        List<FreeBsdPackage> packages = new ArrayList<>();
        for (String line : stdout.lines().toList()) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", 4);
            if (fields.length != 4 || fields[0].isEmpty() || fields[1].isEmpty()) {
                throw new IOException("unreadable pkg query line: " + line);
            }
            packages.add(new FreeBsdPackage(fields[0], fields[1], fields[2], fields[3].isEmpty() ? null : fields[3]));
        }
        if (packages.isEmpty()) {
            throw new IOException("pkg query listed no packages");
        }
        packages.sort(Comparator.comparing(FreeBsdPackage::name));
        return packages;
    }
}
