package io.github.devpigiteasync.gitea.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application interceptor that retries idempotent requests (GET, HEAD) on transport failures and on
 * 429/502/503/504. It runs once around OkHttp's redirect handling, so a retry restarts the whole
 * exchange, including redirects.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);

  private final Backoff backoff;

  public RetryInterceptor(Backoff backoff) {
    this.backoff = Objects.requireNonNull(backoff, "backoff == null");
  }

  public static boolean isIdempotent(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  public static boolean isRetryableStatus(int code) {
    return code == 429 || code == 502 || code == 503 || code == 504;
  }

  /** TLS/certificate problems and cancellations do not get better by retrying. */
  public static boolean isRetryable(IOException e) {
    if (e instanceof SSLException) {
      return false;
    }
    return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    int maxAttempts = backoff.policy().maxAttempts();
    if (!isIdempotent(request.method()) || maxAttempts <= 1) {
      return chain.proceed(request);
    }
    String path = request.url().encodedPath();
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        if (attempt >= maxAttempts || !isRetryable(e) || chain.call().isCanceled()) {
          throw e;
        }
        Duration delay = backoff.delay(attempt, null);
        log.debug(
            "Retrying {} {} in {} ms after {} (attempt {}/{})",
            request.method(),
            path,
            delay.toMillis(),
            e.getClass().getSimpleName(),
            attempt + 1,
            maxAttempts);
        backoff.sleep(delay);
        continue;
      }
      if (attempt >= maxAttempts || !isRetryableStatus(response.code())) {
        return response;
      }
      Duration delay = backoff.delay(attempt, retryAfter(response.header("Retry-After")));
      log.debug(
          "Retrying {} {} in {} ms after HTTP {} (attempt {}/{})",
          request.method(),
          path,
          delay.toMillis(),
          response.code(),
          attempt + 1,
          maxAttempts);
      response.close();
      backoff.sleep(delay);
    }
  }

  static @Nullable Duration retryAfter(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
    } catch (NumberFormatException e) {
      // HTTP-date form: fall back to our own backoff rather than trusting clock skew.
      return null;
    }
  }
}
