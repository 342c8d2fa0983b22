package cloud.patchmon.agent.patching;

import java.util.List;

/**
 * One command of a patch run.
 *
 * @param role              what the run does with the step's outcome
 * @param exitOneIsDecline  the tool answers a simulation it was told to decline with exit 1 (dnf/yum
 *                          {@code --assumeno}, pkg {@code -n}); that is success unless its output reports an error
 */
record PatchStep(List<String> command, Role role, boolean exitOneIsDecline) {

    enum Role {
        /** Refreshes the package lists; when it fails the run goes on with the lists the host has (one broken third-party repository must not block patching). */
        REFRESH,
        /** The transaction itself, or its simulation; a dry run's affected packages are parsed from it. */
        TRANSACTION,
        /** {@code freebsd-update fetch}: stages base-system updates. */
        BASE_FETCH,
        /** {@code freebsd-update install}: only when the fetch staged something. */
        BASE_INSTALL
    }

    PatchStep {
        command = List.copyOf(command);
    }

    static PatchStep of(Role role, String... command) {
        return new PatchStep(List.of(command), role, false);
    }

    String display() {
        return String.join(" ", command);
    }
}
