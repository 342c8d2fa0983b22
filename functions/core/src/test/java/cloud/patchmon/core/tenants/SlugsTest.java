package cloud.patchmon.core.tenants;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlugsTest {

    @Test
    void makesUrlSafeSlugsFromNames() {
        assertThat(Slugs.of("Acme Corp")).isEqualTo("acme-corp");
        assertThat(Slugs.of("  Müller & Söhne GmbH!! ")).isEqualTo("muller-sohne-gmbh");
        assertThat(Slugs.of("a".repeat(60))).hasSize(40);
    }

    @Test
    void neverProducesAnEmptyOrReservedSlug() {
        assertThat(Slugs.of("!!!")).isEqualTo("org");
        assertThat(Slugs.of("API")).isEqualTo("org-api");
        assertThat(Slugs.of("日本")).isEqualTo("org");
    }

    @Test
    void validatesSlugsGivenAtSignIn() {
        assertThat(Slugs.isValid("acme-corp-2")).isTrue();
        assertThat(Slugs.isValid("Acme")).isFalse();
        assertThat(Slugs.isValid("acme--corp")).isFalse();
        assertThat(Slugs.isValid("../etc")).isFalse();
    }
}
