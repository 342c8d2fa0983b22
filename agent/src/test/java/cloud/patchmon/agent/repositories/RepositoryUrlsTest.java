package cloud.patchmon.agent.repositories;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryUrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://user:pa:ss@example.org/debian|https://example.org/debian",
            "https://token@example.org:8443/a@b|https://example.org:8443/a@b",
            "http://example.org/path?user=a@b|http://example.org/path?user=a@b",
            "cdrom:[Debian @ home]/|cdrom:[Debian @ home]/",
            "file:///srv/repo|file:///srv/repo"})
    void credentialsLeaveTheUrlAndNothingElseDoes(String url, String clean) {
        assertThat(RepositoryUrls.withoutCredentials(url)).isEqualTo(clean);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://Deb.Debian.org/debian|deb.debian.org",
            "https://u:p@mirror.example.org:8080/x|mirror.example.org",
            "http://[2001:db8::1]:3142/debian|2001:db8::1",
            "cdrom:[Debian GNU/Linux 12]/|",
            "/media/cdrom/apks|",
            "file:/srv/repo|"})
    void theHostIsTheAuthorityWithoutCredentialsOrPort(String url, String host) {
        assertThat(RepositoryUrls.host(url)).isEqualTo(host == null ? "" : host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://example.org|true", "HTTPS://example.org|true", "http://example.org|false", "mirror+https://example.org|false",
            "pkg+https://pkg.FreeBSD.org|false", "cdrom:[x]/|false", "file:///srv|false", "/media/cdrom|false"})
    void onlyHttpsIsSecure(String url, boolean secure) {
        assertThat(RepositoryUrls.isSecure(url)).isEqualTo(secure);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://deb.debian.org/debian/|bookworm|main contrib|deb-debian-bookworm",
            "https://www.example.com/apt|stable|nginx|example-stable-nginx",
            "https://download.opensuse.org/repositories/home:/me/Debian_12/|./||download-opensuse",
            "cdrom:[Debian GNU/Linux 12]/|bookworm|main|cdrom-bookworm",
            "/media/sda1/apks|||local"})
    void derivedNamesAreHostReleaseAndASingleNonMainComponent(String url, String suite, String components, String name) {
        assertThat(RepositoryNames.derived(url, suite == null ? "" : suite, components == null ? "" : components)).isEqualTo(name);
    }
}
