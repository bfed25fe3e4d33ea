package io.github.devpigiteasync.devpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.devpigiteasync.http.CannedResponses;
import okhttp3.OkHttpClient;

/**
 * Coverage-guided fuzz target for everything the client reads from devpi: the {@code /+api} answer,
 * index configs, project and version documents (with {@code +links}, hashes and stages) and error
 * envelopes. Whatever devpi sends, the public API returns a value or throws a {@link
 * DevpiException} with a message that holds no credential; never an NPE, a {@code
 * ClassCastException}, an {@code OutOfMemoryError} or a hang.
 *
 * <p>Seeds: {@code src/test/resources/io/github/devpigiteasync/devpi/DevpiResponseFuzzTestInputs/};
 * a seed is a body followed by one byte that picks the status (0 is 200).
 */
class DevpiResponseFuzzTest {
  private static final String TOKEN = "devpi-fuzzT0kenValue";
  private static final int[] STATUSES = {200, 200, 200, 200, 400, 401, 403, 404, 409, 413, 500};
  private static final IndexRef INDEX = IndexRef.parse("ci/prod");

  // One OkHttpClient for all executions; a fresh DevpiClient each time.
  private final CannedResponses responses = new CannedResponses();
  private final OkHttpClient http = responses.client();

  @FuzzTest(maxDuration = "2m")
  void anyAnswerIsParsedOrRefused(FuzzedDataProvider data) {
    int status = data.pickValue(STATUSES);
    byte[] body = data.consumeRemainingAsBytes();
    responses
        .reset()
        .answer("/+api", status, "application/json", body)
        .answer("/ci/prod", status, "application/json", body)
        .answer("/ci/prod/foo", status, "application/json", body)
        .answer("/ci/prod/foo/1.0", status, "application/json", body);
    DevpiClient client =
        DevpiClient.builder()
            .baseUrl("https://devpi.example.com/")
            .token(TOKEN)
            .okHttpClient(http)
            // every answer is canned: retrying a 5xx would only sleep
            .retryPolicy(RetryPolicy.none())
            .build();

    expectValueOrDevpiException(client::authStatus);
    expectValueOrDevpiException(() -> client.indexes().get(INDEX));
    expectValueOrDevpiException(() -> client.projects().ownFiles(INDEX, "foo"));
    expectValueOrDevpiException(() -> client.projects().versions(INDEX, "foo", true));
    expectValueOrDevpiException(() -> client.projects().version(INDEX, "foo", "1.0"));
  }

  private static void expectValueOrDevpiException(Action action) {
    try {
      assertThat(action.run()).isNotNull();
    } catch (DevpiException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain(TOKEN);
    }
  }

  @FunctionalInterface
  private interface Action {
    Object run();
  }
}
