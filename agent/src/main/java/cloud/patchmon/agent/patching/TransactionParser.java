package cloud.patchmon.agent.patching;

import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

import java.io.IOException;
import java.util.List;

/** Reads the packages a simulated transaction would change from the tool's standard output. */
@FunctionalInterface
interface TransactionParser {

    /**
     * @param stdout  the transaction step's standard output
     * @param request what was asked, which tells requested packages from the dependencies pulled in
     * @throws IOException when the output has a shape the parser does not know, or a version lookup fails
     */
    List<AffectedPackage> parse(String stdout, PatchRequest request) throws IOException;
}
