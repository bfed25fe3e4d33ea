package io.github.devpigiteasync.devpi.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each HTTP attempt at debug level: method, URL without user info, status and time. Never
 * headers or bodies, so no credential can reach a log line.
 */
public final class ExchangeLogInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(ExchangeLogInterceptor.class);

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!log.isDebugEnabled()) {
      return chain.proceed(chain.request());
    }
    Request request = chain.request();
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      log.debug(
          "{} {} -> {} ({} ms)",
          request.method(),
          withoutUserInfo(request),
          response.code(),
          millis(start));
      return response;
    } catch (IOException | RuntimeException e) {
      log.debug(
          "{} {} -> {} ({} ms)",
          request.method(),
          withoutUserInfo(request),
          e.getClass().getSimpleName(),
          millis(start));
      throw e;
    }
  }

  private static String withoutUserInfo(Request request) {
    return request.url().newBuilder().username("").password("").build().toString();
  }

  private static long millis(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
