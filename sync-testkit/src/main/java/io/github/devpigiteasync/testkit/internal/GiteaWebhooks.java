package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.testkit.WebhookDelivery;
import io.github.devpigiteasync.testkit.internal.GiteaAuth.AuthState;
import io.github.devpigiteasync.testkit.internal.GiteaAuth.Viewer;
import io.github.devpigiteasync.testkit.internal.GiteaState.Token;
import io.github.devpigiteasync.testkit.internal.GiteaState.Ver;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code package} webhook deliveries, after {@code notes/gitea-api.md} §7 and {@code
 * notes/forgejo.md}: the same HMAC under every product's signature header, {@code
 * X-Gitea-Hook-Installation-Target-Type} only from Gitea 1.24, {@code organization} set by Gitea
 * and always null on Forgejo.
 */
final class GiteaWebhooks {
  private final GiteaFlavor flavor;
  private final GiteaRender render;
  private final ObjectMapper pretty;

  GiteaWebhooks(GiteaFlavor flavor, GiteaRender render, ObjectMapper mapper) {
    this.flavor = flavor;
    this.render = render;
    this.pretty = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Caller holds the state lock. */
  WebhookDelivery delivery(String action, Ver ver, String secret) {
    // the sender is the uploader, who sees the package's repository
    Viewer sender = new Viewer(AuthState.TOKEN, new Token("", Set.of("*"), true));
    ObjectNode payload = pretty.createObjectNode();
    payload.put("action", action);
    payload.putNull("repository");
    payload.set("package", render.packageJson(ver, sender));
    if (flavor.forgejo()) {
      payload.putNull("organization");
    } else {
      payload.set(
          "organization",
          render.userJson(ver.pkg.owner.id, ver.pkg.owner.name, ver.pkg.owner.isPrivate));
    }
    payload.set("sender", render.userJson(1, "gitea-admin", false));
    String body;
    try {
      body = pretty.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String sha256 = secret.isEmpty() ? "" : hmac("HmacSHA256", secret, body);
    String sha1 = secret.isEmpty() ? "" : hmac("HmacSHA1", secret, body);
    String delivery = UUID.randomUUID().toString();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    if (flavor.forgejo()) {
      h.put("X-Forgejo-Delivery", delivery);
      h.put("X-Forgejo-Event", "package");
      h.put("X-Forgejo-Event-Type", "package");
      h.put("X-Forgejo-Signature", sha256);
    }
    for (String product : new String[] {"Gitea", "Gogs"}) {
      h.put("X-" + product + "-Delivery", delivery);
      h.put("X-" + product + "-Event", "package");
      h.put("X-" + product + "-Event-Type", "package");
      h.put("X-" + product + "-Signature", sha256);
    }
    h.put("X-GitHub-Delivery", delivery);
    h.put("X-GitHub-Event", "package");
    h.put("X-GitHub-Event-Type", "package");
    h.put("X-Hub-Signature", secret.isEmpty() ? "" : "sha1=" + sha1);
    h.put("X-Hub-Signature-256", secret.isEmpty() ? "" : "sha256=" + sha256);
    if (!flavor.forgejo() && flavor.packageApiAtLeast(1, 24)) {
      h.put("X-Gitea-Hook-Installation-Target-Type", "organization");
    }
    return new WebhookDelivery(h, body);
  }

  private static String hmac(String algorithm, String secret, String body) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }
}
