package cloud.patchmon.core.integrations;

import cloud.patchmon.core.errors.DomainException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiScopesTest {

    @Test
    void onlyKnownResourcesAndActionsWithAtLeastOneGrantAreAccepted() {
        assertThat(ApiScopes.problem(Map.of("host", List.of("get")))).isEmpty();
        assertThat(ApiScopes.problem(Map.of("host", List.of("get", "put", "patch", "update", "delete")))).isEmpty();
        assertThat(ApiScopes.problem(null)).isPresent();
        assertThat(ApiScopes.problem(Map.of())).isPresent();
        assertThat(ApiScopes.problem(Map.of("host", List.of()))).isPresent();
        assertThat(ApiScopes.problem(Map.of("host", List.of("*")))).isPresent();
        assertThat(ApiScopes.problem(Map.of("host", "get"))).isPresent();
        assertThat(ApiScopes.problem(Map.of("hosts", List.of("get")))).isPresent();
        assertThat(ApiScopes.problem(Map.of("host", List.of("get", 1)))).isPresent();
    }

    @Test
    void noActionImpliesAnother() {
        assertThatCode(() -> ApiScopes.require(Map.of("host", List.of("get")), "host", "get")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ApiScopes.require(Map.of("host", List.of("get")), "host", "delete"))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DomainException.Kind.FORBIDDEN);
                    assertThat(e.getMessage()).isEqualTo("Access denied");
                    assertThat(e.detail()).isEqualTo("This API key does not have permission to delete host");
                });
        assertThatThrownBy(() -> ApiScopes.require(Map.of("host", List.of("delete", "put", "patch", "update")), "host", "get"))
                .hasMessage("Access denied");
        assertThatThrownBy(() -> ApiScopes.require(Map.of(), "host", "get"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.detail()).isEqualTo("This API key does not have access to host"));
        assertThatThrownBy(() -> ApiScopes.require(null, "host", "get")).isInstanceOf(DomainException.class);
    }
}
