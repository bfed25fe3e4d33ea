package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.ApiSettings;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GiteaClientTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @Test
  void baseUrlIsNormalisedToInstanceRootWithTrailingSlash() {
    GiteaClient plain = GiteaClient.builder().baseUrl("https://gitea.example.org").build();
    GiteaClient subPath = GiteaClient.builder().baseUrl("https://example.org/tools/gitea").build();
    GiteaClient apiUrl = GiteaClient.builder().baseUrl("https://example.org/gitea/api/v1/").build();

    assertThat(plain.baseUrl()).hasToString("https://gitea.example.org/");
    assertThat(subPath.baseUrl()).hasToString("https://example.org/tools/gitea/");
    assertThat(apiUrl.baseUrl()).hasToString("https://example.org/gitea/");
  }

  @Test
  void requestsUnderASubPathKeepTheSubPath() {
    wm.stubFor(
        get(urlPathEqualTo("/gitea/api/v1/version"))
            .willReturn(aResponse().withBody("{\"version\":\"1.25.5\"}")));
    GiteaClient client = GiteaClient.builder().baseUrl(wm.baseUrl() + "/gitea").build();

    GiteaVersion version = client.version();

    assertThat(version.raw()).isEqualTo("1.25.5");
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/gitea/api/v1/version")));
  }

  @Test
  void buildRejectsMissingOrBadSettings() {
    assertThatThrownBy(() -> GiteaClient.builder().build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> GiteaClient.builder().baseUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GiteaClient.builder().baseUrl("https://h/?x=1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GiteaClient.builder().pageSize(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                GiteaClient.builder()
                    .baseUrl("https://h/")
                    .verifyTls(false)
                    .caBundle(java.nio.file.Path.of("ca.pem"))
                    .build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void toStringOfClientAndBuilderNeverShowsTheToken() {
    GiteaClient.Builder builder =
        GiteaClient.builder().baseUrl("https://gitea.example.org").token(TestSupport.TOKEN);

    GiteaClient client = builder.build();

    assertThat(builder.toString()).doesNotContain(TestSupport.TOKEN).contains("****");
    assertThat(client.toString()).doesNotContain(TestSupport.TOKEN).contains("****");
    assertThat(client.newBuilder().toString()).doesNotContain(TestSupport.TOKEN);
  }

  @Test
  void versionIsFetchedOnceAndSentWithTokenAuthAndUserAgent() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    GiteaClient client = TestSupport.clientFor(wm);

    GiteaVersion first = client.version();
    GiteaVersion second = client.version();

    assertThat(first).isEqualTo(second).isEqualTo(new GiteaVersion("1.24.7"));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/version"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN))
            .withHeader("User-Agent", matching("devpi-gitea-sync-gitea-client/.+")));
  }

  @Test
  void anonymousClientSendsNoAuthorizationHeader() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    GiteaClient client =
        GiteaClient.builder().baseUrl(wm.baseUrl()).token("  ").userAgent("probe/1").build();

    client.version();

    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/version"))
            .withoutHeader("Authorization")
            .withHeader("User-Agent", equalTo("probe/1")));
  }

  @Test
  void apiSettingsAreReadAndCached() {
    TestSupport.stubServer(wm, "1.24.7", 20);
    GiteaClient client = TestSupport.clientFor(wm);

    ApiSettings first = client.apiSettings();
    client.apiSettings();

    assertThat(first).isEqualTo(new ApiSettings(20, 30));
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/settings/api")));
  }

  @Test
  void apiSettingsFallBackToGiteaDefaultsOn404() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/settings/api")).willReturn(aResponse().withStatus(404)));
    GiteaClient client = TestSupport.clientFor(wm);

    ApiSettings settings = client.apiSettings();

    assertThat(settings).isEqualTo(new ApiSettings(50, 30));
  }

  @Test
  void sharedOkHttpClientIsUsedWithoutBeingModified() {
    OkHttpClient shared = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(7)).build();
    TestSupport.stubServer(wm, "1.26.4", 50);

    GiteaClient client =
        GiteaClient.builder()
            .baseUrl(wm.baseUrl())
            .okHttpClient(shared)
            .token(TestSupport.TOKEN)
            .build();
    client.version();

    assertThat(shared.interceptors()).isEmpty();
    assertThat(shared.networkInterceptors()).isEmpty();
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/version"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  void newBuilderDerivesAClientWithTheSameSettings() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    GiteaClient original = TestSupport.clientFor(wm);

    GiteaClient derived = original.newBuilder().token("other-token").build();
    derived.version();

    assertThat(derived.baseUrl()).isEqualTo(original.baseUrl());
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/version"))
            .withHeader("Authorization", equalTo("token other-token")));
  }
}
