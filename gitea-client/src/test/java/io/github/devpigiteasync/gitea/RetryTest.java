package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import io.github.devpigiteasync.http.Backoff;
import io.github.devpigiteasync.http.RetryInterceptor;
import io.github.devpigiteasync.http.RetrySettings;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  private void stubVersionFailingTwiceWith(int status) {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(status))
            .willSetStateTo("failed-once"));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("flaky")
            .whenScenarioStateIs("failed-once")
            .willReturn(aResponse().withStatus(status))
            .willSetStateTo("recovered"));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(ok().withBody("{\"version\":\"1.24.7\"}")));
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 502, 503, 504})
  void transientStatusTwiceThenSuccessTakesThreeRequests(int status) {
    stubVersionFailingTwiceWith(status);
    TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
    GiteaClient client = TestSupport.clientFor(wm, sleeper).build();

    GiteaVersion version = client.version();

    assertThat(version.raw()).isEqualTo("1.24.7");
    wm.verify(exactly(3), getRequestedFor(urlPathEqualTo("/api/v1/version")));
    assertThat(sleeper.sleeps())
        .hasSize(2)
        .allSatisfy(d -> assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofSeconds(2)));
  }

  @Test
  void retryAfterSecondsIsHonouredUpToTheCap() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("ra")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
            .willSetStateTo("second"));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("ra")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("ra")
            .whenScenarioStateIs("ok")
            .willReturn(ok().withBody("{\"version\":\"1.24.7\"}")));
    TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
    GiteaClient client = TestSupport.clientFor(wm, sleeper).build();

    client.version();

    assertThat(sleeper.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void exhaustedRetriesSurfaceTheLastStatus() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .willReturn(aResponse().withStatus(503).withBody("busy")));
    GiteaClient client = TestSupport.clientFor(wm);

    assertThatThrownBy(client::version)
        .isInstanceOfSatisfying(
            GiteaHttpException.class, e -> assertThat(e.status()).isEqualTo(503));
    wm.verify(exactly(3), getRequestedFor(urlPathEqualTo("/api/v1/version")));
  }

  @Test
  void connectionResetIsRetried() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("reset")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(ok().withBody("{\"version\":\"1.26.4\"}")));
    GiteaClient client = TestSupport.clientFor(wm);

    GiteaVersion version = client.version();

    assertThat(version.raw()).isEqualTo("1.26.4");
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/v1/version")));
  }

  @Test
  void retryPolicyNoneSendsASingleRequest() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/version")).willReturn(aResponse().withStatus(503)));
    GiteaClient client =
        TestSupport.clientFor(wm, new TestSupport.RecordingSleeper())
            .retryPolicy(RetryPolicy.none())
            .build();

    assertThatThrownBy(client::version).isInstanceOf(GiteaHttpException.class);

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/version")));
  }

  @Test
  void nonIdempotentRequestsAreNotRetried() throws IOException {
    // The client has no write endpoints yet; the interceptor is exercised through a shared OkHttp
    // stack.
    wm.stubFor(post(urlPathEqualTo("/api/v1/anything")).willReturn(aResponse().withStatus(503)));
    RetryInterceptor interceptor =
        new RetryInterceptor(
            new Backoff(RetrySettings.defaults(), new TestSupport.RecordingSleeper()));
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    Request request =
        new Request.Builder()
            .url(wm.baseUrl() + "/api/v1/anything")
            .post(RequestBody.create("{}", MediaType.get("application/json")))
            .build();

    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(503);
    }

    wm.verify(exactly(1), postRequestedFor(urlPathEqualTo("/api/v1/anything")));
  }

  @Test
  void defaultPolicyIsFourAttemptsFrom200msUpTo5s() {
    RetryPolicy defaults = RetryPolicy.defaults();

    assertThat(defaults)
        .isEqualTo(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5)));
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }
}
