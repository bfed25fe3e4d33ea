package io.github.devpigiteasync.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.devpigiteasync.gitea.internal.GiteaJson;
import io.github.devpigiteasync.http.CannedResponses;
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
  void listingThatRepeatsOnePageWithAHugeTotalEndsAfterTwoPagesOfNothingNew() {
    CannedResponses responses =
        new CannedResponses()
            .answer(
                "/packages/acme",
                200,
                "application/json",
                "[{\"id\":1,\"name\":\"foo\",\"type\":\"pypi\",\"version\":\"1.0\"}]"
                    .getBytes(StandardCharsets.UTF_8),
                java.util.Map.of("X-Total-Count", Long.toString(Long.MAX_VALUE / 2)));
    GiteaClient client = client(responses);

    assertThat(client.packages().list("acme", PackageQuery.pypi()).toList())
        .extracting(p -> p.name())
        .containsExactly("foo");
  }

  @Test
  void listingThatNeverEndsIsRefusedAtThePageLimit() {
    GiteaClient client = client(new EndlessListing());

    assertThatThrownBy(() -> client.packages().list("acme", PackageQuery.pypi()).toList())
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("10000 pages")
        .hasMessageContaining("limit");
  }

  /** Every page brings new ids and claims there are more. */
  private static final class EndlessListing extends CannedResponses {
    private final java.util.concurrent.atomic.AtomicLong next =
        new java.util.concurrent.atomic.AtomicLong();

    @Override
    public okhttp3.Response intercept(Chain chain) {
      if (!chain.request().url().encodedPath().endsWith("/packages/acme")) {
        return super.intercept(chain);
      }
      StringBuilder page = new StringBuilder("[");
      for (int i = 0; i < 1; i++) {
        page.append(i == 0 ? "" : ",")
            .append("{\"id\":")
            .append(next.incrementAndGet())
            .append(",\"name\":\"p\",\"type\":\"pypi\",\"version\":\"1\"}");
      }
      answer(
          "/packages/acme",
          200,
          "application/json",
          page.append(']').toString().getBytes(StandardCharsets.UTF_8),
          java.util.Map.of("X-Total-Count", "999999999999"));
      return super.intercept(chain);
    }
  }

  @Test
  void simplePageFarLargerThanAnyRealOneIsRefusedNamingRequestAndLimit() {
    byte[] page = new byte[(int) PackagesService.MAX_SIMPLE_PAGE_BYTES + 1024];
    java.util.Arrays.fill(page, (byte) ' ');
    GiteaClient client =
        client(new CannedResponses().answer("/simple/foo", 200, "text/html", page));

    assertThatThrownBy(() -> client.packages().pypiSimple("acme", "foo"))
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/api/packages/acme/pypi/simple/foo")
        .hasMessageContaining("16 MiB (the limit)");
  }

  @Test
  void jsonListingFarLargerThanAnyRealOneIsRefusedNamingRequestAndLimit() {
    // (the parser counts whole buffers read, so go a good deal past the limit)
    byte[] listing = new byte[(int) GiteaJson.MAX_DOCUMENT_BYTES + (1 << 20)];
    java.util.Arrays.fill(listing, (byte) ' ');
    listing[0] = '[';
    listing[listing.length - 1] = ']';
    GiteaClient client =
        client(new CannedResponses().answer("/packages/acme", 200, "application/json", listing));

    assertThatThrownBy(() -> client.packages().list("acme", PackageQuery.pypi()).toList())
        .isInstanceOf(GiteaException.class)
        .hasMessageContaining("/api/v1/packages/acme")
        .hasMessageContaining(Long.toString(GiteaJson.MAX_DOCUMENT_BYTES));
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
