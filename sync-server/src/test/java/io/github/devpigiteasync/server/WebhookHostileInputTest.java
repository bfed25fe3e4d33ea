package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.config.Secret;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Regression tests for webhook deliveries that WebhookFuzzTest found mishandled. */
class WebhookHostileInputTest {
  private static final Secret SECRET = Secret.of("hook-s3cret");

  @Test
  void formPayloadWithMalformedPercentEscapeIsABadRequestNotAServerError() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t =
        TestServer.start(
            TestServer.settings()
                .webhookSecret(Optional.of(SECRET))
                .webhookDebounce(Duration.ofMillis(50))
                .build(),
            pass)) {

      HttpResponse<String> response =
          t.post(
              "hooks/gitea",
              "payload=%zz%",
              "Content-Type",
              "application/x-www-form-urlencoded",
              "X-Gitea-Event",
              "package",
              "X-Gitea-Signature",
              WebhookHandlerTest.sign("%zz%", SECRET));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(TestServer.json(response).toString()).contains("malformed %-escape");
      assertThat(response.body()).doesNotContain(SECRET.reveal());
    }
  }
}
