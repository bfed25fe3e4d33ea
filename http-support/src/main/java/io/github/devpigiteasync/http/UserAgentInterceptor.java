package io.github.devpigiteasync.http;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sets the client's {@code User-Agent} on every request, plus any fixed headers a protocol needs on
 * every call (devpi's {@code Accept: application/json}).
 */
public final class UserAgentInterceptor implements Interceptor {
  private final String userAgent;
  private final Map<String, String> fixedHeaders;

  /** Sets only the User-Agent. */
  public UserAgentInterceptor(String userAgent) {
    this(userAgent, Map.of());
  }

  /**
   * Sets the User-Agent and replaces the given headers on every request.
   *
   * @throws IllegalArgumentException if the User-Agent is blank
   */
  public UserAgentInterceptor(String userAgent, Map<String, String> fixedHeaders) {
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent == null");
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent is blank");
    }
    this.fixedHeaders = Map.copyOf(fixedHeaders);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request.Builder request = chain.request().newBuilder().header("User-Agent", userAgent);
    fixedHeaders.forEach(request::header);
    return chain.proceed(request.build());
  }
}
