package cloud.patchmon.agent.packages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the installed packages from {@code dpkg-query -W -f=}{@link #FORMAT}. */
final class DpkgQueryParser {

    /**
     * Tab-separated, one package a line. {@code ${Status}} ("want flag status") rather than the
     * {@code db:Status-*} fields, which dpkg before 1.17.11 does not know.
     */
    static final String FORMAT = "${Package}\\t${Architecture}\\t${Version}\\t${Status}\\t${Section}\\t${binary:Summary}\\n";

    private static final int FIELDS = 6;

    private DpkgQueryParser() {
    }

    /**
     * The packages whose status is {@code installed}, whether held or not ({@code ii} and {@code hi} in
     * {@code dpkg -l}); removed packages with configuration left, half-installed or unpacked ones are not.
     *
     * @throws IOException when a line does not have the format's fields
     */
    static List<DpkgInstalledPackage> parse(String output) throws IOException {
        List<DpkgInstalledPackage> packages = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            // the summary is last so that a tab in it stays in it
            String[] fields = line.split("\t", FIELDS);
            if (fields.length != FIELDS || fields[0].isEmpty() || fields[2].isEmpty()) {
                throw new IOException("unexpected dpkg-query line: " + line);
            }
            String[] status = fields[3].split(" ");
            if (status[status.length - 1].equals("installed")) {
                packages.add(new DpkgInstalledPackage(fields[0], fields[1], fields[2], blankToNull(fields[4]),
                        blankToNull(fields[5])));
            }
        }
        return packages;
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value.strip();
    }
}
