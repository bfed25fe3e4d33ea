package io.github.devpigiteasync.devpi.internal;

import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds {@code User-Agent} and {@code Accept: application/json} (devpi answers 415 or HTML without
 * it).
 */
public final class HeadersInterceptor implements Interceptor {
  private final String userAgent;

  public HeadersInterceptor(String userAgent) {
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent == null");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request =
        chain
            .request()
            .newBuilder()
            .header("User-Agent", userAgent)
            .header("Accept", "application/json")
            .build();
    return chain.proceed(request);
  }
}
