package io.github.devpigiteasync.http;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.SocketFactory;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
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
  void clientsMoveBytesThroughBufferedSocketsUnlessTheSharedClientBringsItsOwn() {
    SocketFactory own =
        new SocketFactory() {
          @Override
          public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(String host, int port, InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) {
            throw new UnsupportedOperationException();
          }
        };

    assertThat(HttpStack.newBuilder(null, null, null, null).build().socketFactory())
        .isSameAs(BufferedSocketFactory.INSTANCE);
    assertThat(HttpStack.newBuilder(new OkHttpClient(), null, null, null).build().socketFactory())
        .isSameAs(BufferedSocketFactory.INSTANCE);
    OkHttpClient withOwn = new OkHttpClient.Builder().socketFactory(own).build();
    assertThat(HttpStack.newBuilder(withOwn, null, null, null).build().socketFactory())
        .isSameAs(own);
  }

  @Test
  void largeBodiesCrossBufferedSocketsIntactBothWaysOnOneReusedConnection() throws IOException {
    byte[] down = randomBytes(3 * BufferedSocketFactory.BUFFER_SIZE * 16 + 17, 1);
    byte[] up = randomBytes(2 * BufferedSocketFactory.BUFFER_SIZE * 16 + 5, 2);
    wm.stubFor(get(urlPathEqualTo("/file")).willReturn(ok().withBody(down)));
    wm.stubFor(post(urlPathEqualTo("/upload")).willReturn(ok("stored")));
    OkHttpClient http = HttpStack.newBuilder(null, null, null, null).build();

    for (int i = 0; i < 2; i++) {
      try (Response response =
          http.newCall(new Request.Builder().url(wm.baseUrl() + "/file").build()).execute()) {
        assertThat(response.body().bytes()).isEqualTo(down);
      }
      RequestBody streamed =
          new RequestBody() {
            @Override
            public MediaType contentType() {
              return MediaType.get("application/octet-stream");
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
              // Written in odd-sized pieces and sent chunked, as the engine's uploads are.
              for (int at = 0; at < up.length; at += 10_007) {
                sink.write(up, at, Math.min(10_007, up.length - at));
              }
            }
          };
      try (Response response =
          http.newCall(new Request.Builder().url(wm.baseUrl() + "/upload").post(streamed).build())
              .execute()) {
        assertThat(response.body().string()).isEqualTo("stored");
      }
    }

    List<LoggedRequest> uploads = wm.findAll(postRequestedFor(urlPathEqualTo("/upload")));
    assertThat(uploads).hasSize(2).allSatisfy(r -> assertThat(r.getBody()).isEqualTo(up));
    assertThat(http.connectionPool().connectionCount()).isEqualTo(1);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
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
