package cloud.patchmon.agent.patching;

import cloud.patchmon.agent.patching.PatchRequest.PatchType;
import cloud.patchmon.protocol.PatchRunOutput.AffectedPackage;

/** Builds the affected-package entries every parser produces, with one rule for "extra dependency". */
final class Affected {

    private Affected() {
    }

    /** An entry whose action follows from the versions: none installed ⇒ install, none to install ⇒ remove, same ⇒ reinstall. */
    static AffectedPackage of(String name, String arch, String current, String next, PatchRequest request) {
        String action = current == null ? "install" : next == null ? "remove" : current.equals(next) ? "reinstall" : "upgrade";
        return of(name, arch, current, next, action, request);
    }

    static AffectedPackage of(String name, String arch, String current, String next, String action, PatchRequest request) {
        boolean dependency = request.type() == PatchType.PATCH_PACKAGE ? !request.packageNames().contains(name) : current == null;
        return new AffectedPackage(name, arch, current, next, action, dependency);
    }
}
