package cloud.patchmon.agent.patching;

/**
 * What {@code freebsd-update fetch} staged: it lists the files it would add, update or remove "as part of
 * updating to" the new patch level, or says "No updates needed". {@code freebsd-update install} runs only
 * after a fetch that staged something (with nothing staged it exits non-zero).
 */
final class FreeBsdUpdateFetch {

    private FreeBsdUpdateFetch() {
    }

    static boolean staged(String stdout) {
        return stdout.contains("will be updated as part of") || stdout.contains("will be added as part of")
                || stdout.contains("will be removed as part of");
    }
}
