package io.github.devpigiteasync.gitea;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.devpigiteasync.http.CannedResponses;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * Coverage-guided fuzz targets for everything the client parses from a Gitea server: the PEP 503
 * simple page, package and file listings (with their {@code X-Total-Count}), the version and paging
 * settings, and error bodies. Whatever the server sends, the public API returns a value or throws a
 * {@link GiteaException} with a message; never an NPE, a {@code ClassCastException}, an {@code
 * OutOfMemoryError} or a hang.
 *
 * <p>Under {@code mvn verify} each target runs its seed corpus ({@code
 * src/test/resources/io/github/devpigiteasync/gitea/GiteaResponseFuzzTestInputs/<target>/}) as a
 * regression test; {@code -Pfuzz} fuzzes one target for a bounded time (docs/reliability.md).
 */
class GiteaResponseFuzzTest {
  // One OkHttpClient for all executions (its TLS set-up is what costs); a fresh GiteaClient each
  // time, since it caches the version and the paging settings.
  private final CannedResponses responses = new CannedResponses();
  private final OkHttpClient http = responses.client();

  private static final int[] STATUSES = {200, 200, 200, 200, 401, 403, 404, 409, 422, 500, 503};
  private static final byte[] VERSION = "{\"version\":\"1.24.7\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SETTINGS =
      "{\"max_response_items\":50,\"default_paging_num\":30}".getBytes(StandardCharsets.UTF_8);

  @FuzzTest(maxDuration = "2m")
  void simplePageIsParsedOrRefused(FuzzedDataProvider data) {
    int status = data.pickValue(STATUSES);
    // PEP 503 HTML, or PEP 691 JSON as Forgejo sends it
    String type = data.pickValue(new String[] {"text/html", "application/vnd.pypi.simple.v1+json"});
    byte[] body = data.consumeRemainingAsBytes();
    GiteaClient client = client(responses.reset().answer("/simple/foo", status, type, body));

    expectValueOrGiteaException(() -> client.packages().pypiSimple("acme", "foo"));
  }

  @FuzzTest(maxDuration = "2m")
  void packageListingIsParsedOrRefused(FuzzedDataProvider data) {
    int status = data.pickValue(STATUSES);
    long total = data.consumeLong();
    byte[] body = data.consumeRemainingAsBytes();
    Map<String, String> headers =
        total < 0 ? Map.of() : Map.of("X-Total-Count", Long.toString(total));
    GiteaClient client =
        client(
            server()
                .answer("/packages/acme", status, "application/json", body, headers)
                .answer("/packages/acme/pypi/foo", status, "application/json", body, headers));

    expectValueOrGiteaException(() -> client.packages().list("acme", PackageQuery.pypi()).toList());
    expectValueOrGiteaException(() -> client.packages().versions("acme", "pypi", "foo").toList());
  }

  @FuzzTest(maxDuration = "2m")
  void fileListingIsParsedOrRefused(FuzzedDataProvider data) {
    int status = data.pickValue(STATUSES);
    byte[] body = data.consumeRemainingAsBytes();
    GiteaClient client = client(server().answer("/files", status, "application/json", body));

    expectValueOrGiteaException(() -> client.packages().files("acme", "pypi", "foo", "1.0"));
  }

  @FuzzTest(maxDuration = "2m")
  void serverInfoAndRepositoriesAreParsedOrRefused(FuzzedDataProvider data) {
    int status = data.pickValue(STATUSES);
    byte[] body = data.consumeRemainingAsBytes();
    GiteaClient client =
        client(
            responses
                .reset()
                .answer("/api/v1/version", status, "application/json", body)
                .answer("/api/v1/settings/api", status, "application/json", body)
                .answer("/api/v1/repos/acme/web", status, "application/json", body));

    expectValueOrGiteaException(client::version);
    expectValueOrGiteaException(client::apiSettings);
    expectValueOrGiteaException(() -> client.repos().find("acme", "web"));
  }

  private CannedResponses server() {
    return responses
        .reset()
        .answer("/api/v1/version", 200, "application/json", VERSION)
        .answer("/api/v1/settings/api", 200, "application/json", SETTINGS);
  }

  /** A fresh client over {@link #http}; {@code answers} is {@link #responses}, already set up. */
  private GiteaClient client(CannedResponses answers) {
    assertThat(answers).isSameAs(responses);
    return GiteaClient.builder()
        .baseUrl("https://gitea.example.com/")
        .token(TestSupport.TOKEN)
        .okHttpClient(http)
        // every answer is canned: retrying a 5xx would only sleep
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private static void expectValueOrGiteaException(Action action) {
    try {
      assertThat(action.run()).isNotNull();
    } catch (GiteaException e) {
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.getMessage()).doesNotContain(TestSupport.TOKEN);
    }
  }

  @FunctionalInterface
  private interface Action {
    Object run();
  }
}
