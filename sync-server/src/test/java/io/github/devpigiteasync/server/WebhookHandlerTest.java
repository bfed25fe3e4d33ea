package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Secret;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** {@code POST /hooks/gitea} through a started server. */
class WebhookHandlerTest {
  private static final Secret SECRET = Secret.of("hook-s3cret");
  private static final Duration DEBOUNCE = Duration.ofMillis(300);

  private static ServerSettings withSecret() {
    return TestServer.settings()
        .webhookSecret(Optional.of(SECRET))
        .webhookDebounce(DEBOUNCE)
        .build();
  }

  /** A Gitea 1.2x package webhook payload, pretty-printed as Gitea sends it. */
  static String packageEvent(String action, String owner) {
    return "{\n"
        + "  \"action\": \""
        + action
        + "\",\n"
        + "  \"repository\": null,\n"
        + "  \"package\": {\n"
        + "    \"id\": 42,\n"
        + "    \"owner\": {\n      \"id\": 3,\n      \"login\": \""
        + owner
        + "\"\n    },\n"
        + "    \"type\": \"pypi\",\n"
        + "    \"name\": \"example\",\n"
        + "    \"version\": \"1.0.0\"\n"
        + "  },\n"
        + "  \"sender\": {\n    \"id\": 1,\n    \"login\": \"ci\"\n  }\n"
        + "}";
  }

  static String sign(String payload, Secret secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> deliver(
      TestServer t, String event, String payload, String signature) {
    return t.post(
        "hooks/gitea",
        payload,
        "Content-Type",
        "application/json",
        "X-Gitea-Event",
        event,
        "X-Gitea-Event-Type",
        event,
        "X-Gitea-Signature",
        signature);
  }

  /** Records each call with the time it started. */
  private static final class TimedPass implements Pass {
    final RecordingPass recording = new RecordingPass();
    final List<Long> startedNanos = new CopyOnWriteArrayList<>();

    @Override
    public SyncReport run(Set<String> mappings, SyncListener listener) {
      startedNanos.add(System.nanoTime());
      return recording.run(mappings, listener);
    }
  }

  @Test
  void webhookIsNotFoundWithoutAConfiguredSecret() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), new RecordingPass())) {
      String payload = packageEvent("created", "acme");

      HttpResponse<String> response = deliver(t, "package", payload, sign(payload, SECRET));

      assertThat(response.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void webhookWithoutSignatureIsUnauthorized() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t = TestServer.start(withSecret(), pass)) {

      HttpResponse<String> response =
          t.post("hooks/gitea", packageEvent("created", "acme"), "X-Gitea-Event", "package");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).doesNotContain(SECRET.reveal());
    }
  }

  @Test
  void webhookWithABadSignatureIsUnauthorizedAndTriggersNothing() {
    TimedPass pass = new TimedPass();
    try (TestServer t = TestServer.start(withSecret(), pass)) {
      String payload = packageEvent("created", "acme");
      String good = sign(payload, SECRET);

      List<String> bad =
          List.of(
              "",
              sign(payload, Secret.of("other-secret")),
              good.toUpperCase(Locale.ROOT),
              "sha256=" + good,
              good.substring(0, 63),
              sign(payload + " ", SECRET));
      for (String signature : bad) {
        assertThat(deliver(t, "package", payload, signature).statusCode())
            .as(signature)
            .isEqualTo(401);
      }
      // a valid event for another owner afterwards: a wrongly accepted one would have joined its
      // pass or run before
      String beta = packageEvent("created", "beta");
      deliver(t, "package", beta, sign(beta, SECRET));
      t.awaitRuns(2);

      assertThat(pass.recording.calls).containsExactly(Set.of(), Set.of("other"));
    }
  }

  @Test
  void createdPackageEventSyncsThatOwnersMappingsAfterTheDebounce() {
    TimedPass pass = new TimedPass();
    try (TestServer t = TestServer.start(withSecret(), pass)) {
      String payload = packageEvent("created", "ACME");

      long sent = System.nanoTime();
      HttpResponse<String> response = deliver(t, "package", payload, sign(payload, SECRET));
      t.awaitRuns(2);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(TestServer.json(response).path("accepted").asBoolean()).isTrue();
      assertThat(TestServer.json(response).path("mappings").toString())
          .isEqualTo("[\"web\",\"tools\"]");
      // web (acme) and tools (Acme) match ignoring case; other (beta) does not
      assertThat(pass.recording.calls).containsExactly(Set.of(), Set.of("web", "tools"));
      assertThat(pass.startedNanos.get(1) - sent).isGreaterThanOrEqualTo(DEBOUNCE.toNanos());
      assertThat(t.server.status().snapshot(false).runs().get(0).trigger()).isEqualTo("webhook");
    }
  }

  @Test
  void severalEventsWithinTheDebounceCoalesceIntoOnePass() throws Exception {
    TimedPass pass = new TimedPass();
    try (TestServer t =
        TestServer.start(
            TestServer.settings()
                .webhookSecret(Optional.of(SECRET))
                .webhookDebounce(Duration.ofSeconds(1))
                .build(),
            pass)) {
      String acme = packageEvent("created", "acme");
      String beta = packageEvent("created", "beta");

      long first = System.nanoTime();
      assertThat(deliver(t, "package", acme, sign(acme, SECRET)).statusCode()).isEqualTo(202);
      assertThat(deliver(t, "package", acme, sign(acme, SECRET)).statusCode()).isEqualTo(202);
      assertThat(deliver(t, "package", beta, sign(beta, SECRET)).statusCode()).isEqualTo(202);
      long last = System.nanoTime();
      t.awaitRuns(2);
      // a second webhook pass, if any, would have been requested by now
      Thread.sleep(300);

      assertThat(last - first)
          .as("events sent within the debounce")
          .isLessThan(Duration.ofSeconds(1).toNanos());
      assertThat(pass.recording.calls).containsExactly(Set.of(), Set.of("web", "tools", "other"));
    }
  }

  @Test
  void formEncodedDeliveryIsVerifiedAgainstThePayloadJson() {
    TimedPass pass = new TimedPass();
    try (TestServer t = TestServer.start(withSecret(), pass)) {
      String payload = packageEvent("created", "beta");
      String form = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);

      HttpResponse<String> response =
          t.post(
              "hooks/gitea",
              form,
              "Content-Type",
              "application/x-www-form-urlencoded",
              "X-Gitea-Event",
              "package",
              "X-Gitea-Signature",
              sign(payload, SECRET));
      t.awaitRuns(2);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(pass.recording.calls).containsExactly(Set.of(), Set.of("other"));
    }
  }

  @Test
  void otherEventsDeletedOrNonPypiPackagesAndUnknownOrganizationsAreAcknowledgedAndIgnored() {
    TimedPass pass = new TimedPass();
    try (TestServer t = TestServer.start(withSecret(), pass)) {
      String push = "{\"ref\":\"refs/heads/main\"}";
      String deleted = packageEvent("deleted", "acme");
      String unknown = packageEvent("created", "nobody");
      String npm =
          packageEvent("created", "acme").replace("\"type\": \"pypi\"", "\"type\": \"npm\"");

      HttpResponse<String> pushResponse = deliver(t, "push", push, sign(push, SECRET));
      HttpResponse<String> deletedResponse = deliver(t, "package", deleted, sign(deleted, SECRET));
      HttpResponse<String> unknownResponse = deliver(t, "package", unknown, sign(unknown, SECRET));
      HttpResponse<String> npmResponse = deliver(t, "package", npm, sign(npm, SECRET));
      // a valid event afterwards: a wrongly accepted one would have joined its pass or run before
      String beta = packageEvent("created", "beta");
      deliver(t, "package", beta, sign(beta, SECRET));
      t.awaitRuns(2);

      assertThat(TestServer.json(npmResponse).path("ignored").asText()).contains("npm");
      for (HttpResponse<String> r :
          List.of(pushResponse, deletedResponse, unknownResponse, npmResponse)) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(r).path("accepted").asBoolean()).isFalse();
        assertThat(TestServer.json(r).path("ignored").asText()).isNotEmpty();
      }
      assertThat(pass.recording.calls).containsExactly(Set.of(), Set.of("other"));
    }
  }

  @Test
  void signedNonJsonPackagePayloadIsABadRequest() {
    try (TestServer t = TestServer.start(withSecret(), new RecordingPass())) {
      String payload = "not json {";

      HttpResponse<String> response = deliver(t, "package", payload, sign(payload, SECRET));

      assertThat(response.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void oversizedWebhookBodyIsRejectedWith413() {
    RecordingPass pass = new RecordingPass();
    try (TestServer t =
        TestServer.start(
            TestServer.settings().webhookSecret(Optional.of(SECRET)).maxBodyBytes(2048).build(),
            pass)) {
      String payload = packageEvent("created", "acme") + " ".repeat(4096);

      HttpResponse<String> response = deliver(t, "package", payload, sign(payload, SECRET));

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(pass.calls).hasSize(1);
    }
  }
}
