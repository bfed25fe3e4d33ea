package io.github.devpigiteasync.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the one retry policy both clients follow. */
class RetryInterceptorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");
  private static final MediaType TEXT = MediaType.get("text/plain");

  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  private OkHttpClient client(RetrySettings settings) {
    Backoff backoff = new Backoff(settings, sleeps::add);
    return HttpStack.newBuilder(null, null, null, null)
        .addInterceptor(new RetryInterceptor(backoff, Clock.fixed(NOW, ZoneOffset.UTC)))
        .build();
  }

  private OkHttpClient client() {
    return client(new RetrySettings(3, Duration.ofMillis(100), Duration.ofSeconds(2)));
  }

  private Request.Builder request(String method) {
    RequestBody body =
        method.equals("GET") || method.equals("HEAD") ? null : RequestBody.create("x", TEXT);
    return new Request.Builder().url(wm.baseUrl() + "/thing").method(method, body);
  }

  /** Answers {@code first}, then {@code second}, then 200 "done". */
  private void stubSequence(String first, String second) {
    stubStep(STARTED, first, "second");
    stubStep("second", second, "third");
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("third")
            .willReturn(ok("done")));
  }

  private void stubStep(String state, String answer, String next) {
    var response =
        answer.equals("reset")
            ? aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)
            : aResponse().withStatus(Integer.parseInt(answer));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs(state)
            .willReturn(response)
            .willSetStateTo(next));
  }

  private int call(OkHttpClient http, Request request) throws IOException {
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
  void idempotentMethodsAreRetriedOnTransientStatusAndConnectionReset(String method)
      throws IOException {
    stubSequence("503", "reset");

    int status = call(client(), request(method).build());

    assertThat(status).isEqualTo(200);
    wm.verify(exactly(3), anyRequestedFor(urlPathEqualTo("/thing")));
    assertThat(sleeps).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void transientStatusesAreRetried(int code) throws IOException {
    stubSequence(Integer.toString(code), Integer.toString(code));

    int status = call(client(), request("GET").build());

    assertThat(status).isEqualTo(200);
    wm.verify(exactly(3), anyRequestedFor(urlPathEqualTo("/thing")));
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 409, 500})
  void otherStatusesAreAnsweredAtOnce(int code) throws IOException {
    wm.stubFor(any(urlPathEqualTo("/thing")).willReturn(aResponse().withStatus(code)));

    int status = call(client(), request("GET").build());

    assertThat(status).isEqualTo(code);
    wm.verify(exactly(1), anyRequestedFor(urlPathEqualTo("/thing")));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void exhaustedRetriesReturnTheLastAnswer() throws IOException {
    wm.stubFor(any(urlPathEqualTo("/thing")).willReturn(aResponse().withStatus(502)));

    int status = call(client(), request("GET").build());

    assertThat(status).isEqualTo(502);
    wm.verify(exactly(3), anyRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void exhaustedRetriesOnConnectionFailureThrowTheLastFailure() {
    wm.stubFor(
        any(urlPathEqualTo("/thing")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    assertThatThrownBy(() -> call(client(), request("GET").build()))
        .isInstanceOf(IOException.class);
    wm.verify(exactly(3), anyRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void singleAttemptSettingsSendOneRequest() throws IOException {
    wm.stubFor(any(urlPathEqualTo("/thing")).willReturn(aResponse().withStatus(503)));

    int status = call(client(RetrySettings.none()), request("GET").build());

    assertThat(status).isEqualTo(503);
    wm.verify(exactly(1), anyRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void postIsNotRetriedOnTransientStatus() throws IOException {
    wm.stubFor(post(urlPathEqualTo("/thing")).willReturn(aResponse().withStatus(503)));

    int status = call(client(), request("POST").build());

    assertThat(status).isEqualTo(503);
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void connectionResetOnPostIsNotRetriedSilently() {
    wm.stubFor(
        post(urlPathEqualTo("/thing"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> call(client(), request("POST").build()))
        .isInstanceOf(IOException.class);
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void resendSafePostIsRetriedWithItsWholeBody() throws IOException {
    stubSequence("503", "reset");
    Request upload =
        RetryInterceptor.markResendSafe(
                new Request.Builder()
                    .url(wm.baseUrl() + "/thing")
                    .post(RequestBody.create("the whole file", TEXT)))
            .build();

    int status = call(client(), upload);

    assertThat(status).isEqualTo(200);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo("/thing")));
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).getBodyAsString()).isEqualTo("the whole file");
  }

  @Test
  void oneShotBodyIsNeverResentEvenWhenMarked() throws IOException {
    wm.stubFor(post(urlPathEqualTo("/thing")).willReturn(aResponse().withStatus(503)));
    RequestBody oneShot =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return TEXT;
          }

          @Override
          public boolean isOneShot() {
            return true;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("streamed once");
          }
        };
    Request request =
        RetryInterceptor.markResendSafe(
                new Request.Builder().url(wm.baseUrl() + "/thing").post(oneShot))
            .build();

    int status = call(client(), request);

    assertThat(status).isEqualTo(503);
    assertThat(RetryInterceptor.isResendable(request)).isFalse();
    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo("/thing")));
  }

  @Test
  void bodyThatStopsBeingOneShotAfterItsFirstWriteIsResentWhole() throws IOException {
    stubSequence("503", "200");
    // Like a streaming upload: one-shot until its first copy is complete, then resendable.
    RequestBody streaming =
        new RequestBody() {
          private volatile boolean written;

          @Override
          public MediaType contentType() {
            return TEXT;
          }

          @Override
          public boolean isOneShot() {
            return !written;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8("the staged copy");
            written = true;
          }
        };
    Request upload =
        RetryInterceptor.markResendSafe(
                new Request.Builder().url(wm.baseUrl() + "/thing").post(streaming))
            .build();

    int status = call(client(), upload);

    assertThat(status).isEqualTo(200);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo("/thing")));
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).getBodyAsString()).isEqualTo("the staged copy");
  }

  @Test
  void retryAfterSecondsIsHonouredUpToMaxBackoff() throws IOException {
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
            .willSetStateTo("second"));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600"))
            .willSetStateTo("third"));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("third")
            .willReturn(ok()));

    call(client(), request("GET").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retryAfterHttpDateIsHonouredUpToMaxBackoff() throws IOException {
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Wed, 25 Nov 2026 11:00:01 GMT"))
            .willSetStateTo("second"));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("second")
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Retry-After", "Wed, 25 Nov 2026 12:00:00 GMT"))
            .willSetStateTo("third"));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("third")
            .willReturn(ok()));

    call(client(), request("GET").build());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void unreadableRetryAfterFallsBackToJitteredBackoff() throws IOException {
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "soon"))
            .willSetStateTo("third"));
    wm.stubFor(
        any(urlPathEqualTo("/thing"))
            .inScenario("seq")
            .whenScenarioStateIs("third")
            .willReturn(ok()));

    call(client(), request("GET").build());

    assertThat(sleeps)
        .singleElement()
        .satisfies(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
  }

  @Test
  void tlsFailuresAndCancellationsAreNotRetryableButTimeoutsAre() {
    assertThat(RetryInterceptor.isRetryable(new SSLHandshakeException("untrusted"))).isFalse();
    assertThat(RetryInterceptor.isRetryable(new java.io.InterruptedIOException("cancel")))
        .isFalse();
    assertThat(RetryInterceptor.isRetryable(new SocketTimeoutException("slow"))).isTrue();
    assertThat(RetryInterceptor.isRetryable(new IOException("unexpected end of stream"))).isTrue();
  }

  @Test
  void onlyTransientStatusesAreRetryable() {
    assertThat(RetryInterceptor.isRetryableStatus(429)).isTrue();
    assertThat(RetryInterceptor.isRetryableStatus(502)).isTrue();
    assertThat(RetryInterceptor.isRetryableStatus(503)).isTrue();
    assertThat(RetryInterceptor.isRetryableStatus(504)).isTrue();
    assertThat(RetryInterceptor.isRetryableStatus(500)).isFalse();
    assertThat(RetryInterceptor.isRetryableStatus(409)).isFalse();
    assertThat(RetryInterceptor.isRetryableStatus(401)).isFalse();
  }
}
