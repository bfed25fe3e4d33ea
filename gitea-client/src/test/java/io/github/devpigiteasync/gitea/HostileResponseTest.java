package io.github.devpigiteasync.gitea;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Regression tests for server answers that the fuzz targets in GiteaResponseFuzzTest found. */
class HostileResponseTest {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

  private static GiteaClient client(CannedResponses responses) {
    return GiteaClient.builder()
        .baseUrl("https://gitea.example.com/")
        .okHttpClient(
            responses
                .answer(
                    "/api/v1/settings/api",
                    200,
                    "application/json",
                    "{\"max_response_items\":50}".getBytes(StandardCharsets.UTF_8))
                .client())
        .build();
  }

  @Test
  void packageListingThatIsJsonNullIsRefusedWithTypedException() {
    GiteaClient client =
        client(new CannedResponses().answer("/packages/acme", 200, "application/json", NULL));

    assertThatThrownBy(() -> client.packages().list("acme", PackageQuery.pypi()).toList())
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/api/v1/packages/acme")
        .hasMessageContaining("JSON null");
  }

  @Test
  void fileListingVersionAndRepositoryThatAreJsonNullAreRefusedWithTypedException() {
    GiteaClient client =
        client(
            new CannedResponses()
                .answer("/files", 200, "application/json", NULL)
                .answer("/api/v1/version", 200, "application/json", NULL)
                .answer("/api/v1/repos/acme/web", 200, "application/json", NULL));

    assertThatThrownBy(() -> client.packages().files("acme", "pypi", "foo", "1.0"))
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/files");
    assertThatThrownBy(client::version)
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/api/v1/version");
    assertThatThrownBy(() -> client.repos().get("acme", "web"))
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/api/v1/repos/acme/web");
  }
}
