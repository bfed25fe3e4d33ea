package io.github.devpigiteasync.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * One webhook request as the simulated Gitea or Forgejo would send it ({@link
 * FakeGitea#packageWebhook}): POST it with these headers and this exact body.
 *
 * @param headers header names and values, in the order the server sets them (includes {@code
 *     Content-Type})
 * @param body the JSON payload text, pretty-printed; the signatures cover exactly these bytes
 */
public record WebhookDelivery(Map<String, String> headers, String body) {
  public WebhookDelivery {
    headers = Map.copyOf(Objects.requireNonNull(headers, "headers == null"));
    Objects.requireNonNull(body, "body == null");
  }
}
