package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.Triggers;
import io.github.devpigiteasync.sync.config.Secret;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/gitea}: the {@code package} webhook of Gitea or Forgejo. 404 unless a webhook
 * secret is configured; 401 when {@code X-Gitea-Signature} (lower-case hex HMAC-SHA256 of the JSON
 * payload) is missing or wrong. Forgejo sends that header and {@code X-Gitea-Event} too, beside its
 * own {@code X-Forgejo-*} ones, but no {@code X-Gitea-Hook-Installation-Target-Type} and {@code
 * "organization": null}, so the owner is read from {@code package.owner}, and no other header is
 * required. A {@code created} event for a mapped organization schedules a debounced pass of that
 * organization's mappings (202); any other event is acknowledged and ignored (200).
 */
public final class WebhookHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final Optional<Secret> secret;
  private final Triggers triggers;
  private final ObjectMapper mapper;
  private final long maxBody;

  public WebhookHandler(
      Optional<Secret> secret, Triggers triggers, ObjectMapper mapper, long maxBody) {
    this.secret = Objects.requireNonNull(secret, "secret == null");
    this.triggers = Objects.requireNonNull(triggers, "triggers == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.maxBody = maxBody;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (secret.isEmpty()) {
      Http.error(exchange, mapper, 404, "not found");
      return;
    }
    byte[] body = Http.body(exchange, maxBody);
    byte[] payload = payload(exchange, body);
    String signature = exchange.getRequestHeaders().getFirst("X-Gitea-Signature");
    if (!validSignature(payload, signature, secret.get())) {
      Http.error(exchange, mapper, 401, "missing or invalid X-Gitea-Signature");
      return;
    }
    String event =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Gitea-Event")).orElse("");
    if (!"package".equals(event)) {
      ignored(exchange, "event '" + event + "' is not handled");
      return;
    }
    JsonNode json;
    try {
      json = mapper.readTree(payload);
    } catch (IOException e) {
      Http.error(exchange, mapper, 400, "payload is not JSON");
      return;
    }
    if (json == null || !"created".equals(json.path("action").asText())) {
      ignored(exchange, "only 'created' package events trigger a sync");
      return;
    }
    String type = json.path("package").path("type").asText("");
    if (!type.isEmpty() && !"pypi".equals(type)) {
      ignored(exchange, "'" + type + "' packages are not synced");
      return;
    }
    // not "organization": Forgejo always sends null there, and Gitea only for org-owned packages
    String owner = json.path("package").path("owner").path("login").asText("");
    List<String> mappings = owner.isEmpty() ? List.of() : triggers.webhookEvent(owner);
    if (mappings.isEmpty()) {
      ignored(exchange, "organization is not mapped");
      return;
    }
    log.info("Webhook: package created in {}, syncing {}", owner, mappings);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("accepted", true);
    response.put("mappings", mappings);
    Http.json(exchange, mapper, 202, response);
  }

  private void ignored(HttpServerExchange exchange, String why) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("accepted", false);
    response.put("ignored", why);
    Http.json(exchange, mapper, 200, response);
  }

  /** The signed bytes: the raw body, or for form-encoded hooks the {@code payload} value. */
  private static byte[] payload(HttpServerExchange exchange, byte[] body) {
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return body;
    }
    for (String pair : Http.utf8(body).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals("payload")) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    return body;
  }

  static boolean validSignature(byte[] payload, @Nullable String signature, Secret secret) {
    if (signature == null || signature.isBlank()) {
      return false;
    }
    byte[] expected =
        HexFormat.of().formatHex(hmac(payload, secret)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  static byte[] hmac(byte[] payload, Secret secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
