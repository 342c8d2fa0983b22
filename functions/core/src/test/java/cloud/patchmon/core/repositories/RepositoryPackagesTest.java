package cloud.patchmon.core.repositories;

import cloud.patchmon.protocol.RepositoryEntry;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryPackagesTest {

    private static final RepositoryEntry UBUNTU = new RepositoryEntry("ubuntu", "http://archive.ubuntu.com/ubuntu", "jammy", "main restricted", "deb", true, false);
    private static final RepositoryEntry SECURITY = new RepositoryEntry("ubuntu-security", "http://security.ubuntu.com/ubuntu", "jammy-security", "main", "deb", true, false);
    private static final RepositoryEntry UPDATES = new RepositoryEntry("ubuntu-updates", "http://archive.ubuntu.com/ubuntu", "jammy-updates", "main", "deb", true, false);
    private static final RepositoryEntry STRETCH = new RepositoryEntry("debian-security", "http://security.debian.org", "stretch/updates", "main", "deb", true, false);
    private static final RepositoryEntry BASEOS = new RepositoryEntry("baseos", "https://dl.rockylinux.org/pub/rocky/9/BaseOS/x86_64/os", "", "", "rpm", true, true);
    private static final RepositoryEntry DOCKER = new RepositoryEntry("docker", "https://download.docker.com/linux/ubuntu", "jammy", "stable", "deb", true, true);

    private static final Collection<ReportedRepository> HOST = ReportedRepository.of(List.of(UBUNTU, SECURITY, UPDATES, STRETCH, BASEOS)).values();

    private static String id(RepositoryEntry entry) {
        return ReportedRepository.idOf(entry);
    }

    @Test
    void aLabelNamesARepositoryByItsSuiteItsNameOrItsUrl() {
        assertThat(RepositoryPackages.delivering(HOST, "jammy-security")).containsExactly(id(SECURITY));
        assertThat(RepositoryPackages.delivering(HOST, "BaseOS")).as("case is ignored").containsExactly(id(BASEOS));
        assertThat(RepositoryPackages.delivering(HOST, "http://security.ubuntu.com/ubuntu")).containsExactly(id(SECURITY));
        assertThat(RepositoryPackages.delivering(HOST, "http://security.ubuntu.com/ubuntu/")).as("a flat repository's URL").containsExactly(id(SECURITY));
        assertThat(RepositoryPackages.delivering(HOST, "stretch/updates")).as("a suite with a slash").containsExactly(id(STRETCH));
    }

    @Test
    void theNameSuiteAndComponentFormNeedsAllThreeToFit() {
        assertThat(RepositoryPackages.delivering(HOST, "ubuntu jammy/main")).containsExactly(id(UBUNTU));
        assertThat(RepositoryPackages.delivering(HOST, "ubuntu jammy/restricted")).containsExactly(id(UBUNTU));
        assertThat(RepositoryPackages.delivering(HOST, "jammy/main")).containsExactly(id(UBUNTU));
        assertThat(RepositoryPackages.delivering(HOST, "ubuntu jammy/universe")).as("a component the source does not have").isEmpty();
        assertThat(RepositoryPackages.delivering(HOST, "ubuntu-security jammy/main")).as("the name and the suite of two sources").isEmpty();
    }

    @Test
    void aptsCommaSeparatedSuitesCountForEachOfTheHostsSources() {
        assertThat(RepositoryPackages.delivering(HOST, "jammy-updates, jammy-security")).containsExactlyInAnyOrder(id(UPDATES), id(SECURITY));
    }

    @Test
    void labelsOfSourcesTheHostDoesNotHaveMatchNothing() {
        assertThat(RepositoryPackages.delivering(HOST, "focal")).isEmpty();
        assertThat(RepositoryPackages.delivering(HOST, "")).isEmpty();
        assertThat(RepositoryPackages.delivering(HOST, null)).isEmpty();
        assertThat(RepositoryPackages.delivering(ReportedRepository.of(List.of(BASEOS)).values(), "baseos extra"))
                .as("an empty distribution never matches a suite").isEmpty();
    }

    @Test
    void aSuiteTwoSourcesShareCountsForBoth() {
        Collection<ReportedRepository> both = ReportedRepository.of(List.of(UBUNTU, DOCKER)).values();
        assertThat(RepositoryPackages.delivering(both, "jammy")).containsExactlyInAnyOrder(id(UBUNTU), id(DOCKER));
        assertThat(RepositoryPackages.delivering(both, "docker jammy/stable")).as("the full form tells them apart").containsExactly(id(DOCKER));
    }

    @Test
    void onlyIdentityAndNameChangesCanMoveAttribution() {
        RepositoryEntry disabled = new RepositoryEntry("ubuntu", "http://archive.ubuntu.com/ubuntu/", "jammy", "main restricted", "deb-src", false, false);
        RepositoryEntry renamed = new RepositoryEntry("archive", "http://archive.ubuntu.com/ubuntu", "jammy", "main restricted", "deb", true, false);
        assertThat(RepositoryPackages.attributionDiffers(List.of(UBUNTU, SECURITY), List.of(SECURITY, disabled))).isFalse();
        assertThat(RepositoryPackages.attributionDiffers(List.of(UBUNTU), List.of(renamed))).isTrue();
        assertThat(RepositoryPackages.attributionDiffers(List.of(UBUNTU), List.of(UBUNTU, SECURITY))).isTrue();
    }
}
