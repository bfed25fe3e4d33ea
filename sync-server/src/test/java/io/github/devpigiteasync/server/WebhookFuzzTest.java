package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.config.Secret;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Coverage-guided fuzz target for {@code POST /hooks/gitea}: any payload, content type, event and
 * signature (valid or not) gets 200, 202, 400, 401 or 413 with a JSON answer; never a 500, never
 * the secret in the answer. The payload is signed correctly half of the time so that the fuzzer
 * reaches the JSON handling behind the signature check.
 *
 * <p>Seeds: {@code src/test/resources/io/github/devpigiteasync/server/WebhookFuzzTestInputs/}. A
 * seed is the payload followed by three bytes (read from the end: content type 0 JSON / 1 form / 2
 * none; signature 0 valid / 1-4 kinds of wrong; event 0 package / 1 push).
 */
class WebhookFuzzTest {
  private static final Secret SECRET = Secret.of("fuzz-hook-s3cret");
  private static final String[] EVENTS = {"package", "push"};

  private TestServer server;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            TestServer.settings()
                .webhookSecret(Optional.of(SECRET))
                .webhookDebounce(Duration.ofMillis(50))
                .build(),
            new RecordingPass());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @FuzzTest(maxDuration = "2m")
  void anyDeliveryIsAnsweredWithoutServerError(FuzzedDataProvider data) {
    int contentType = data.consumeInt(0, 2);
    int signatureKind = data.consumeInt(0, 4);
    String event = EVENTS[data.consumeInt(0, 1)];
    byte[] payload = data.consumeRemainingAsBytes();
    // form-encoded hooks carry the (percent-encoded) JSON in "payload"; the raw fuzz bytes go in
    // undecoded so that malformed escapes reach the server
    byte[] body =
        contentType == 1 ? concat("payload=".getBytes(StandardCharsets.UTF_8), payload) : payload;
    byte[] signed = contentType == 1 ? formDecodedOr(payload) : payload;
    String good = sign(signed);
    String signature =
        switch (signatureKind) {
          case 0 -> good;
          case 1 -> "sha256=" + good;
          case 2 -> good.toUpperCase(java.util.Locale.ROOT);
          case 3 -> sign(concat(signed, new byte[] {' '}));
          default -> "0";
        };
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.base.resolve("hooks/gitea"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("X-Gitea-Event", event)
            .header("X-Gitea-Signature", signature);
    if (contentType == 0) {
      request.header("Content-Type", "application/json");
    } else if (contentType == 1) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }

    HttpResponse<String> response;
    // the target itself talks to the server under test on loopback; Jazzer's SSRF detector would
    // report that connection under -Pfuzz
    try (SilentCloseable loopback =
        BugDetectors.allowNetworkConnections(
            (host, port) -> host.equals("localhost") || host.equals("127.0.0.1"))) {
      response = server.send(request);
    }

    assertThat(response.statusCode()).isIn(200, 202, 400, 401, 413);
    if (signatureKind != 0) {
      assertThat(response.statusCode()).isIn(400, 401, 413);
    }
    assertThat(response.body()).doesNotContain(SECRET.reveal());
    TestServer.json(response);
  }

  private static byte[] formDecodedOr(byte[] raw) {
    try {
      return URLDecoder.decode(new String(raw, StandardCharsets.UTF_8), StandardCharsets.UTF_8)
          .getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
