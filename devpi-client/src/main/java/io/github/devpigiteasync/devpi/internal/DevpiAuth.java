package io.github.devpigiteasync.devpi.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.devpigiteasync.devpi.DevpiException;
import io.github.devpigiteasync.devpi.DevpiTransportException;
import io.github.devpigiteasync.http.Failures;
import io.github.devpigiteasync.http.RetryInterceptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.Route;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * devpi credentials: the login token (password mode) or a devpi-tokens token (bearer mode).
 *
 * <p>Password mode logs in lazily with {@code POST /+login} and sends {@code X-Devpi-Auth:
 * base64(user:token)}. A 401 means the 10-hour token expired or the server restarted with a new
 * secret; {@link #authenticator()} then logs in again once and repeats the request. Bearer mode
 * sends {@code Authorization: Bearer} and never calls {@code /+login}. The two headers are never
 * sent together: a bad {@code X-Devpi-Auth} would hide a good {@code Authorization}.
 */
public final class DevpiAuth {
  /** How credentials are presented. */
  public enum Mode {
    NONE,
    PASSWORD,
    BEARER
  }

  public static final String DEVPI_AUTH = "X-Devpi-Auth";
  private static final Logger log = LoggerFactory.getLogger(DevpiAuth.class);
  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl baseUrl;
  private final HttpUrl loginUrl;
  private final String username;
  private final @Nullable Secret secret;
  private final Mode mode;
  private final ObjectMapper mapper;
  private final ErrorDecoder errors;
  private @Nullable OkHttpClient loginClient;
  private @Nullable Secret token; // guarded by this
  private volatile @Nullable Header header;

  public DevpiAuth(
      HttpUrl baseUrl,
      String username,
      @Nullable Secret secret,
      Mode mode,
      ObjectMapper mapper,
      ErrorDecoder errors) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    this.loginUrl = baseUrl.newBuilder().addPathSegment("+login").build();
    this.username = Objects.requireNonNull(username, "username == null");
    this.secret = secret;
    this.mode = Objects.requireNonNull(mode, "mode == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.errors = Objects.requireNonNull(errors, "errors == null");
    if (mode != Mode.NONE && secret == null) {
      throw new IllegalArgumentException("mode " + mode + " needs a secret");
    }
  }

  /**
   * Picks how credentials are presented: none without a secret, bearer for a devpi-tokens token
   * (given as {@code token}, or a password starting with {@code devpi-}, which {@code /+login}
   * would reject), otherwise password login.
   *
   * @throws IllegalStateException if a password comes without a user name
   */
  public static DevpiAuth select(
      HttpUrl baseUrl,
      @Nullable String username,
      @Nullable Secret password,
      @Nullable Secret token,
      ObjectMapper mapper,
      ErrorDecoder errors) {
    Secret secret = password != null ? password : token;
    Mode mode;
    if (secret == null) {
      mode = Mode.NONE;
    } else if (token != null || secret.reveal().startsWith("devpi-")) {
      mode = Mode.BEARER;
    } else {
      mode = Mode.PASSWORD;
    }
    String user = username == null ? "" : username;
    if (mode == Mode.PASSWORD && user.isEmpty()) {
      throw new IllegalStateException("username is required with a password");
    }
    return new DevpiAuth(baseUrl, user, secret, mode, mapper, errors);
  }

  /** The client used for {@code /+login}: it must not carry this object's interceptor. */
  public void loginClient(OkHttpClient client) {
    this.loginClient = Objects.requireNonNull(client, "client == null");
  }

  public Mode mode() {
    return mode;
  }

  /** Logs in now (password mode); a no-op otherwise. */
  public void login() {
    if (mode == Mode.PASSWORD) {
      synchronized (this) {
        token = fetchToken();
      }
    }
  }

  /** The token currently in use, or null if not logged in (password mode only). */
  public synchronized @Nullable Secret currentToken() {
    return token;
  }

  /**
   * Logs in again unless another thread already replaced {@code stale}; returns the token to use.
   */
  public synchronized Secret renew(@Nullable Secret stale) {
    Secret current = token;
    if (current == null || current == stale) {
      log.debug("devpi login token for {} rejected, logging in again", username);
      current = fetchToken();
      token = current;
    }
    return current;
  }

  /** Password mode: the token requests will carry, logging in first if needed; else null. */
  public @Nullable Secret ensureToken() {
    return mode == Mode.PASSWORD ? tokenForRequest() : null;
  }

  private synchronized Secret tokenForRequest() {
    Secret current = token;
    if (current == null) {
      current = fetchToken();
      token = current;
    }
    return current;
  }

  private Secret fetchToken() {
    OkHttpClient client = Objects.requireNonNull(loginClient, "loginClient not set");
    ObjectNode body = mapper.createObjectNode();
    body.put("user", username);
    body.put("password", Objects.requireNonNull(secret).reveal());
    Request request;
    try {
      // Logging in twice only yields two valid tokens, so a failed login may be sent again.
      request =
          RetryInterceptor.markResendSafe(
                  new Request.Builder()
                      .url(loginUrl)
                      .post(RequestBody.create(mapper.writeValueAsBytes(body), JSON)))
              .build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode login body", e);
    }
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw errors.decode(response, false);
      }
      JsonNode root = mapper.readTree(response.body().byteStream());
      JsonNode password = root.path("result").path("password");
      if (!password.isTextual() || password.asText().isEmpty()) {
        throw new DevpiException("POST /+login answered 200 without a token");
      }
      log.debug("Logged in to devpi as {}", username);
      return new Secret(password.asText());
    } catch (JsonProcessingException e) {
      throw new DevpiException("POST /+login answered with unreadable JSON", e);
    } catch (IOException e) {
      throw new DevpiTransportException("POST /+login failed: " + Failures.describe(e), e);
    }
  }

  /** {@code base64(user ":" token)} over UTF-8, standard alphabet with padding. */
  public static String devpiAuthValue(String user, String token) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code X-Devpi-Auth} value for {@code token}, encoded once per token, not per request. */
  private String headerValue(Secret token) {
    Header cached = header;
    if (cached == null || cached.token() != token) {
      cached = new Header(token, devpiAuthValue(username, token.reveal()));
      header = cached;
    }
    return cached.value();
  }

  /** A token and the header value it gives. */
  private record Header(Secret token, String value) {
    @Override
    public String toString() {
      return "Header[****]";
    }
  }

  private boolean sameOrigin(HttpUrl url) {
    return url.scheme().equals(baseUrl.scheme())
        && url.host().equals(baseUrl.host())
        && url.port() == baseUrl.port();
  }

  private boolean isLogin(HttpUrl url) {
    return url.encodedPath().equals(loginUrl.encodedPath());
  }

  /**
   * Application interceptor adding the one credentials header (same origin as the base URL only).
   */
  public Interceptor interceptor() {
    return chain -> {
      Request request = chain.request();
      Request.Builder builder =
          request.newBuilder().removeHeader(DEVPI_AUTH).removeHeader("Authorization");
      HttpUrl url = request.url();
      if (sameOrigin(url) && !isLogin(url)) {
        if (mode == Mode.PASSWORD) {
          builder.header(DEVPI_AUTH, headerValue(tokenForRequest()));
        } else if (mode == Mode.BEARER) {
          builder.header("Authorization", "Bearer " + Objects.requireNonNull(secret).reveal());
        }
      }
      return chain.proceed(builder.build());
    };
  }

  /** Re-logs in once on 401 and repeats the request; a second 401 is returned to the caller. */
  public Authenticator authenticator() {
    return new Authenticator() {
      @Override
      public @Nullable Request authenticate(@Nullable Route route, Response response) {
        Request request = response.request();
        if (mode != Mode.PASSWORD
            || request.header(DEVPI_AUTH) == null
            || isLogin(request.url())
            || !sameOrigin(request.url())) {
          return null;
        }
        for (Response prior = response.priorResponse();
            prior != null;
            prior = prior.priorResponse()) {
          if (prior.code() == 401) {
            return null; // already re-logged in once for this call: no loop
          }
        }
        Secret used;
        synchronized (DevpiAuth.this) {
          used = token;
        }
        String sent = request.header(DEVPI_AUTH);
        if (used != null && !devpiAuthValue(username, used.reveal()).equals(sent)) {
          used = null; // another thread already renewed; just resend with the current token
        }
        Secret fresh = used == null ? tokenForRequest() : renew(used);
        return request
            .newBuilder()
            .header(DEVPI_AUTH, devpiAuthValue(username, fresh.reveal()))
            .build();
      }
    };
  }

  @Override
  public String toString() {
    return "DevpiAuth{user=" + username + ", mode=" + mode + "}";
  }
}
