package io.github.devpigiteasync.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExchangeLogInterceptorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String SECRET = "gta_5ecr3tT0kenValue";

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private OkHttpClient client() {
    Backoff backoff =
        new Backoff(new RetrySettings(3, Duration.ofMillis(1), Duration.ofMillis(2)), d -> {});
    return HttpStack.newBuilder(null, null, null, null)
        .addInterceptor(new RetryInterceptor(backoff))
        .addInterceptor(new ExchangeLogInterceptor(lines::add))
        .build();
  }

  @Test
  void oneLineWithMethodUrlStatusAndTimePerAttempt() throws IOException {
    wm.stubFor(
        any(urlPathEqualTo("/api/v1/version"))
            .inScenario("flaky")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("ok"));
    wm.stubFor(
        any(urlPathEqualTo("/api/v1/version"))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(ok("{}")));
    String url = wm.baseUrl() + "/api/v1/version?page=2";

    try (Response response = client().newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("GET \\Q" + url + "\\E -> 503 \\(\\d+ ms\\)");
    assertThat(lines.get(1)).matches("GET \\Q" + url + "\\E -> 200 \\(\\d+ ms\\)");
  }

  @Test
  void aFailedAttemptShowsTheExceptionClass() {
    wm.stubFor(
        any(urlPathEqualTo("/gone"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(
            () ->
                client()
                    .newCall(new Request.Builder().url(wm.baseUrl() + "/gone").build())
                    .execute())
        .isInstanceOf(IOException.class);

    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).contains("GET ", "/gone -> "));
    assertThat(lines.get(0)).doesNotContain(" -> 200").containsPattern("-> \\w*Exception \\(");
  }

  @Test
  void neverShowsAuthorizationUserInfoOrSecretQueryValues() throws IOException {
    wm.stubFor(any(urlPathEqualTo("/files/a.whl")).willReturn(ok("x")));
    HttpUrl url =
        HttpUrl.get(wm.baseUrl() + "/files/a.whl")
            .newBuilder()
            .username("alice")
            .password(SECRET)
            .addQueryParameter("access_token", SECRET)
            .addQueryParameter("X-Amz-Signature", SECRET)
            .addQueryParameter("X-Amz-Credential", SECRET)
            .addQueryParameter("page", "3")
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "token " + SECRET)
            .header("X-Devpi-Auth", SECRET)
            .build();

    client().newCall(request).execute().close();

    assertThat(lines).singleElement().asString().doesNotContain(SECRET, "alice", "Authorization");
    assertThat(lines.get(0))
        .contains(
            "/files/a.whl?access_token=****&X-Amz-Signature=****&X-Amz-Credential=****&page=3 -> 200");
  }
}
