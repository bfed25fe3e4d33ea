package io.github.devpigiteasync.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where requests are repeated. The policy:
 *
 * <ul>
 *   <li><b>Which requests:</b> the idempotent methods GET, HEAD, PUT, DELETE and OPTIONS, and any
 *       other request (a POST) only when it was marked with {@link #markResendSafe}, that is when
 *       the server treats a second copy like the first (a devpi upload: an identical re-upload is a
 *       no-op or an overwrite, and a body that broke off stored nothing). A request whose body is
 *       one-shot is never repeated, because its bytes cannot be sent again.
 *   <li><b>Which failures:</b> an {@link IOException} (connection refused or reset, a timeout, an
 *       unexpected end of stream), except TLS failures and cancellations, which do not get better
 *       by retrying; and the statuses 429, 502, 503 and 504.
 *   <li><b>How long to wait:</b> {@link Backoff}: exponential from {@code initialBackoff},
 *       jittered, capped at {@code maxBackoff}. A {@code Retry-After} header (seconds or an
 *       HTTP-date) replaces the computed wait, capped the same way.
 *   <li><b>How often:</b> {@code maxAttempts} in total; the last answer or failure is returned.
 * </ul>
 *
 * <p>Install it as an application interceptor, before {@link ExchangeLogInterceptor}, on a client
 * built by {@link HttpStack#newBuilder}, which turns OkHttp's own silent retry off so that this
 * policy is the only one. A retry restarts the whole exchange, redirects and authentication
 * included.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  /** The tag type that marks a request as safe to send again. */
  private enum ResendSafe {
    YES
  }

  private final Backoff backoff;
  private final Clock clock;

  /** Retries according to {@code backoff}'s settings. */
  public RetryInterceptor(Backoff backoff) {
    this(backoff, Clock.systemUTC());
  }

  // Tests fix the clock to check HTTP-date Retry-After values.
  RetryInterceptor(Backoff backoff, Clock clock) {
    this.backoff = Objects.requireNonNull(backoff, "backoff == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * Marks a request that is not idempotent by method (a POST) as safe to send again; only do this
   * when the server's answer to a second copy is the same as to the first.
   */
  public static Request.Builder markResendSafe(Request.Builder request) {
    return request.tag(ResendSafe.class, ResendSafe.YES);
  }

  /**
   * Whether the policy may send this request more than once: idempotent by method or marked
   * resend-safe, and its body, asked again before each resend, is not one-shot (a streaming body
   * may become resendable once it has a complete copy to send again).
   */
  public static boolean isResendable(Request request) {
    return isResendableKind(request) && !isOneShot(request);
  }

  private static boolean isResendableKind(Request request) {
    return IDEMPOTENT.contains(request.method()) || request.tag(ResendSafe.class) != null;
  }

  private static boolean isOneShot(Request request) {
    RequestBody body = request.body();
    return body != null && body.isOneShot();
  }

  /** Whether an answer with this status is worth another attempt: 429, 502, 503, 504. */
  public static boolean isRetryableStatus(int code) {
    return code == 429 || code == 502 || code == 503 || code == 504;
  }

  /** Whether a failure is worth another attempt: not TLS problems, not cancellations. */
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
    if (maxAttempts <= 1 || !isResendableKind(request)) {
      return chain.proceed(request);
    }
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        if (attempt >= maxAttempts
            || !isRetryable(e)
            || chain.call().isCanceled()
            || isOneShot(request)) {
          throw e;
        }
        Duration delay = backoff.delay(attempt, null);
        log.debug(
            "Retrying {} {} in {} ms after {} (attempt {}/{})",
            request.method(),
            LogUrls.redact(request.url()),
            delay.toMillis(),
            e.getClass().getSimpleName(),
            attempt + 1,
            maxAttempts);
        backoff.sleep(delay);
        continue;
      }
      if (attempt >= maxAttempts || !isRetryableStatus(response.code()) || isOneShot(request)) {
        return response;
      }
      Duration retryAfter =
          RetryAfter.parse(response.header("Retry-After"), clock.instant()).orElse(null);
      Duration delay = backoff.delay(attempt, retryAfter);
      log.debug(
          "Retrying {} {} in {} ms after HTTP {} (attempt {}/{})",
          request.method(),
          LogUrls.redact(request.url()),
          delay.toMillis(),
          response.code(),
          attempt + 1,
          maxAttempts);
      response.close();
      backoff.sleep(delay);
    }
  }
}
