package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devpi simulator's authentication (notes §2 and §7): {@code POST /+login} and its signed
 * 10-hour tokens, devpi-tokens tokens, and who a request's {@code X-Devpi-Auth}, Basic or Bearer
 * header makes the caller. Callers hold {@link DevpiState#lock}.
 */
final class DevpiCredentials {
  private static final Logger log = LoggerFactory.getLogger(DevpiCredentials.class);

  /** Who the caller is: a user, nobody ({@code user == null}), or a rejected devpi token. */
  record Auth(@Nullable String user, @Nullable String tokenError) {}

  private final DevpiState state;
  private final DevpiResponses responses;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Duration tokenLifetime;
  private final SecureRandom random = new SecureRandom();
  // guarded by state.lock
  private byte[] secret = new byte[32];

  DevpiCredentials(
      DevpiState state,
      DevpiResponses responses,
      ObjectMapper mapper,
      Clock clock,
      Duration tokenLifetime) {
    this.state = state;
    this.responses = responses;
    this.mapper = mapper;
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
    random.nextBytes(secret);
  }

  String mintDevpiToken(String user) {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    String token = "devpi-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    synchronized (state.lock) {
      if (!state.users.containsKey(user)) {
        throw new IllegalArgumentException("unknown user " + user);
      }
      state.devpiTokens.put(token, user);
    }
    return token;
  }

  void newSecret() {
    synchronized (state.lock) {
      secret = new byte[32];
      random.nextBytes(secret);
    }
  }

  /** {@code POST /+login}. */
  void login(Call call) throws IOException {
    String accept = call.header("Accept").orElse("*/*");
    if (accept.trim().equals("text/html")) {
      responses.message(call, 404, "The resource could not be found.");
      return;
    }
    JsonNode body;
    try {
      body = mapper.readTree(call.body().readNBytes(64 * 1024));
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      responses.message(call, 400, "Bad request: could not decode json");
      return;
    }
    String user = body.path("user").asText("");
    if (user.isEmpty() || !body.hasNonNull("password")) {
      responses.message(call, 400, "Bad request: no user/password specified");
      return;
    }
    String password = body.get("password").asText();
    String stored = state.users.get(user);
    if (stored == null || stored.isEmpty() || !stored.equals(password)) {
      responses.message(call, 401, "user '" + user + "' could not be authenticated");
      return;
    }
    ObjectNode out = mapper.createObjectNode();
    ObjectNode result = out.putObject("result");
    result.put("password", loginToken(user));
    result.put("expiration", tokenLifetime.getSeconds());
    out.put("type", "proxyauth");
    out.put("message", "login successful");
    log.debug("devpi login of {}", user);
    call.sendJson(200, out);
  }

  private String loginToken(String user) {
    String payload = "[\"" + user + "\", [], true]";
    long now = clock.instant().getEpochSecond();
    byte[] ts = ByteBuffer.allocate(8).putLong(now).array();
    int skip = 0;
    while (skip < 7 && ts[skip] == 0) {
      skip++;
    }
    String tsText = b64(Arrays.copyOfRange(ts, skip, 8));
    return payload + "." + tsText + "." + b64(hmac(payload + "." + tsText));
  }

  private boolean validLoginToken(String user, String token) {
    int last = token.lastIndexOf('.');
    int mid = last <= 0 ? -1 : token.lastIndexOf('.', last - 1);
    if (mid <= 0) {
      return false;
    }
    String signed = token.substring(0, last);
    if (!MessageDigest.isEqual(
        token.substring(last + 1).getBytes(StandardCharsets.UTF_8),
        b64(hmac(signed)).getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    try {
      JsonNode payload = mapper.readTree(token.substring(0, mid));
      if (!payload.isArray() || !user.equals(payload.path(0).asText(null))) {
        return false;
      }
      byte[] ts = Base64.getUrlDecoder().decode(token.substring(mid + 1, last));
      long issued = 0;
      for (byte b : ts) {
        issued = (issued << 8) | (b & 0xff);
      }
      return clock.instant().getEpochSecond() - issued <= tokenLifetime.getSeconds();
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private byte[] hmac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Who the request's credentials make the caller. */
  Auth auth(Call call) {
    Optional<String> x = call.header("X-Devpi-Auth");
    if (x.isPresent()) {
      String[] up = decodePair(x.get().trim());
      return up == null ? new Auth(null, null) : check(up[0], up[1]);
    }
    Optional<String> authorization = call.header("Authorization");
    if (authorization.isEmpty()) {
      return new Auth(null, null);
    }
    String h = authorization.get().trim();
    int sp = h.indexOf(' ');
    String scheme = sp < 0 ? h : h.substring(0, sp);
    String value = sp < 0 ? "" : h.substring(sp + 1).trim();
    if (scheme.equalsIgnoreCase("bearer")) {
      return value.startsWith("devpi-") ? check(null, value) : new Auth(null, null);
    }
    if (scheme.equalsIgnoreCase("basic")) {
      String[] up = decodePair(value);
      if (up == null) {
        return new Auth(null, null);
      }
      if (up[1].isEmpty() && up[0].startsWith("devpi-")) {
        return check(null, up[0]);
      }
      if (up[0].isEmpty() && up[1].startsWith("devpi-")) {
        return check(null, up[1]);
      }
      return check(up[0], up[1]);
    }
    return new Auth(null, null);
  }

  private static String @Nullable [] decodePair(String b64) {
    try {
      String s = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return colon < 0 ? null : new String[] {s.substring(0, colon), s.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Auth check(@Nullable String user, String secretValue) {
    if (secretValue.startsWith("devpi-")) {
      String owner = state.devpiTokens.get(secretValue);
      if (owner == null) {
        return new Auth(
            null,
            "The token id "
                + secretValue.substring(6, Math.min(14, secretValue.length()))
                + " doesn't exist");
      }
      if (user != null && !user.equals(owner)) {
        return new Auth(null, "Token doesn't match user name");
      }
      return new Auth(owner, null);
    }
    if (user == null || !state.users.containsKey(user)) {
      return new Auth(null, null);
    }
    if (validLoginToken(user, secretValue)) {
      return new Auth(user, null);
    }
    String password = state.users.get(user);
    if (!password.isEmpty() && password.equals(secretValue)) {
      return new Auth(user, null);
    }
    return new Auth(null, null);
  }
}
