package io.github.devpigiteasync.http;

import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Builds the OkHttp client both clients start from, so that both behave the same way. */
public final class HttpStack {
  /** Connect timeout when neither the caller nor a shared client sets one. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Read and write (inactivity) timeout when neither the caller nor a shared client sets one. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  private HttpStack() {}

  /**
   * A builder derived from {@code shared} (its connection pool, dispatcher and interceptors are
   * kept) or a new one, with OkHttp's silent connection retry turned off: {@link RetryInterceptor}
   * is then the only place a request is repeated, and {@code maxAttempts = 1} really means one
   * attempt. Each timeout is the given one, else the shared client's, else the default; read and
   * write timeouts are inactivity timeouts, never a cap on a whole transfer. Connections use
   * sockets with 64 KiB buffered streams, so that files move in large system calls, unless {@code
   * shared} brings a socket factory of its own, which is kept.
   */
  public static OkHttpClient.Builder newBuilder(
      @Nullable OkHttpClient shared,
      @Nullable Duration connectTimeout,
      @Nullable Duration readTimeout,
      @Nullable Duration writeTimeout) {
    OkHttpClient.Builder builder =
        shared != null ? shared.newBuilder() : new OkHttpClient.Builder();
    if (connectTimeout != null || shared == null) {
      builder.connectTimeout(orDefault(connectTimeout, DEFAULT_CONNECT_TIMEOUT));
    }
    if (readTimeout != null || shared == null) {
      builder.readTimeout(orDefault(readTimeout, DEFAULT_READ_TIMEOUT));
    }
    if (writeTimeout != null || shared == null) {
      builder.writeTimeout(orDefault(writeTimeout, DEFAULT_READ_TIMEOUT));
    }
    if (shared == null || shared.socketFactory() == SocketFactory.getDefault()) {
      builder.socketFactory(BufferedSocketFactory.INSTANCE);
    }
    return builder.retryOnConnectionFailure(false);
  }

  /**
   * Puts the shared interceptors first, in this order: User-Agent, {@link RetryInterceptor}, {@link
   * ExchangeLogInterceptor}. Interceptors the builder already has (a shared client's, or added
   * later, such as auth) run inside the retry, once per attempt.
   */
  public static OkHttpClient.Builder addInterceptors(
      OkHttpClient.Builder builder, UserAgentInterceptor userAgent, Backoff backoff) {
    List<Interceptor> interceptors = builder.interceptors();
    interceptors.add(0, userAgent);
    interceptors.add(1, new RetryInterceptor(backoff));
    interceptors.add(2, new ExchangeLogInterceptor());
    return builder;
  }

  private static Duration orDefault(@Nullable Duration value, Duration fallback) {
    return value != null ? value : fallback;
  }
}
