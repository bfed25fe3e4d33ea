package io.github.devpigiteasync.gitea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against an in-process server whose certificate is signed by a throw-away CA. */
class TlsTest {
  private final HeldCertificate rootCa =
      new HeldCertificate.Builder()
          .certificateAuthority(0)
          .commonName("devpi-gitea-sync test CA")
          .build();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpsServer server;
  private String baseUrl;

  @TempDir Path dir;

  @BeforeEach
  void startServer() throws IOException {
    HeldCertificate serverCert =
        new HeldCertificate.Builder()
            .signedBy(rootCa)
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .build();
    HandshakeCertificates serverCerts =
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCert, rootCa.certificate())
            .build();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverCerts.sslContext()));
    server.createContext(
        "/api/v1/version",
        exchange -> {
          requests.incrementAndGet();
          byte[] body = "{\"version\":\"1.26.4\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    baseUrl = "https://localhost:" + server.getAddress().getPort() + "/";
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private Path writePem(String pem) throws IOException {
    Path file = dir.resolve("ca.pem");
    Files.writeString(file, pem);
    return file;
  }

  @Test
  void caBundleReplacingTheJdkTrustStoreConnects() throws IOException {
    Path bundle = writePem(rootCa.certificatePem());
    GiteaClient client = GiteaClient.builder().baseUrl(baseUrl).caBundle(bundle).build();

    GiteaVersion version = client.version();

    assertThat(version.raw()).isEqualTo("1.26.4");
    assertThat(requests).hasValue(1);
  }

  @Test
  void withoutTheBundleTheHandshakeFailsWithAClearTlsMessage() {
    GiteaClient client = GiteaClient.builder().baseUrl(baseUrl).token(TestSupport.TOKEN).build();

    assertThatThrownBy(client::version)
        .isInstanceOf(GiteaTransportException.class)
        .hasMessageContaining("TLS")
        .hasMessageContaining("certificate")
        .hasMessageNotContaining(TestSupport.TOKEN);
    assertThat(requests).hasValue(0);
  }

  @Test
  void aBundleWithAnotherCaIsNotTrusted() throws IOException {
    HeldCertificate otherCa =
        new HeldCertificate.Builder().certificateAuthority(0).commonName("other").build();
    GiteaClient client =
        GiteaClient.builder().baseUrl(baseUrl).caBundle(writePem(otherCa.certificatePem())).build();

    assertThatThrownBy(client::version)
        .isInstanceOf(GiteaTransportException.class)
        .hasMessageContaining("TLS");
  }

  @Test
  void verifyTlsFalseAcceptsTheUntrustedCertificate() {
    GiteaClient client = GiteaClient.builder().baseUrl(baseUrl).verifyTls(false).build();

    GiteaVersion version = client.version();

    assertThat(version.raw()).isEqualTo("1.26.4");
  }

  @Test
  void unreadableOrEmptyBundleIsRejectedAtBuildTime() throws IOException {
    Path empty = writePem("not a certificate\n");

    assertThatThrownBy(() -> GiteaClient.builder().baseUrl(baseUrl).caBundle(empty).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                GiteaClient.builder().baseUrl(baseUrl).caBundle(dir.resolve("missing.pem")).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
