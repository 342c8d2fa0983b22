package cloud.patchmon.agent.packages;

/**
 * The progress lines DNF5 prints while it loads repositories. They go to stderr, but versions and
 * wrappers differ, so the DNF5 parsers accept them on stdout too rather than failing on them.
 */
final class Dnf5Messages {

    private Dnf5Messages() {
    }

    static boolean isRepositoryLoading(String line) {
        String text = line.strip();
        return text.equals("Updating and loading repositories:") || text.equals("Repositories loaded.");
    }
}
