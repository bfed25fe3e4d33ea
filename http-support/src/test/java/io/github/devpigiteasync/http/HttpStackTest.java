package io.github.devpigiteasync.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HttpStackTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;

  @Test
  void newClientHasSilentRetryOffAndExplicitDefaultTimeouts() {
    OkHttpClient http = HttpStack.newBuilder(null, null, null, null).build();

    assertThat(http.retryOnConnectionFailure()).isFalse();
    assertThat(http.connectTimeoutMillis()).isEqualTo(10_000);
    assertThat(http.readTimeoutMillis()).isEqualTo(60_000);
    assertThat(http.writeTimeoutMillis()).isEqualTo(60_000);
  }

  @Test
  void sharedClientKeepsItsTimeoutsUnlessGivenButLosesSilentRetry() {
    OkHttpClient shared =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(4))
            .build();

    OkHttpClient http = HttpStack.newBuilder(shared, null, Duration.ofSeconds(7), null).build();

    assertThat(shared.retryOnConnectionFailure()).isTrue();
    assertThat(http.retryOnConnectionFailure()).isFalse();
    assertThat(http.connectTimeoutMillis()).isEqualTo(3_000);
    assertThat(http.readTimeoutMillis()).isEqualTo(7_000);
    assertThat(http.connectionPool()).isSameAs(shared.connectionPool());
  }

  @Test
  void userAgentAndFixedHeadersGoOnEveryRequest() throws IOException {
    wm.stubFor(get(urlPathEqualTo("/x")).willReturn(ok()));
    OkHttpClient http =
        HttpStack.addInterceptors(
                HttpStack.newBuilder(null, null, null, null),
                new UserAgentInterceptor("my-client/1.2", Map.of("Accept", "application/json")),
                new Backoff(RetrySettings.none(), d -> {}))
            .build();

    http.newCall(
            new Request.Builder().url(wm.baseUrl() + "/x").header("Accept", "text/html").build())
        .execute()
        .close();

    wm.verify(
        getRequestedFor(urlPathEqualTo("/x"))
            .withHeader("User-Agent", equalTo("my-client/1.2"))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void blankUserAgentIsRejected() {
    assertThatThrownBy(() -> new UserAgentInterceptor(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unreadableOrEmptyCaBundleIsRejectedNamingTheFile() throws IOException {
    Path notPem = Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> Tls.trustPemBundle(new OkHttpClient.Builder(), notPem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.pem");
    assertThatThrownBy(() -> Tls.trustPemBundle(new OkHttpClient.Builder(), missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read CA bundle")
        .hasMessageContaining("missing.pem");
  }

  @Test
  void tlsFailuresAreDescribedWithTheFix() {
    IOException nested = new IOException("wrapped", new SSLHandshakeException("PKIX path"));

    assertThat(Tls.isTlsFailure(nested)).isTrue();
    assertThat(Failures.describe(nested)).contains("TLS", "certificate", "CA bundle");
    assertThat(Failures.describe(new IOException("closed"))).isEqualTo("IOException: closed");
  }

  @Test
  void oneLineCollapsesWhiteSpaceAndCuts() {
    assertThat(Failures.oneLine("\n\n a \t b\n", 100)).isEqualTo("a b");
    assertThat(Failures.oneLine("abcdef", 3)).isEqualTo("abc…");
  }
}
