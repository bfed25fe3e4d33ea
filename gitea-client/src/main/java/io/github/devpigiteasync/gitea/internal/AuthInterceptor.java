package io.github.devpigiteasync.gitea.internal;

import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Network interceptor adding {@code Authorization: token ...}. Network interceptors run for every
 * hop of a redirect chain, so the header is added only when scheme, host and port equal the
 * configured base URL, and stripped otherwise: presigned object-storage URLs never see the token.
 */
public final class AuthInterceptor implements Interceptor {
  private final HttpUrl baseUrl;
  private final @Nullable String token;
  private final @Nullable String authorization; // the header value, built once

  public AuthInterceptor(HttpUrl baseUrl, @Nullable String token) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl == null");
    this.token = token;
    this.authorization = token == null ? null : "token " + token;
  }

  public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme())
        && a.host().equalsIgnoreCase(b.host())
        && a.port() == b.port();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Request.Builder builder = request.newBuilder();
    if (authorization != null && sameOrigin(request.url(), baseUrl)) {
      builder.header("Authorization", authorization);
    } else {
      builder.removeHeader("Authorization");
    }
    return chain.proceed(builder.build());
  }

  @Override
  public String toString() {
    return "AuthInterceptor{baseUrl="
        + baseUrl
        + ", token="
        + (token == null ? "none" : "****")
        + "}";
  }
}
