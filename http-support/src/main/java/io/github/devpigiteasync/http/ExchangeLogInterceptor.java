package io.github.devpigiteasync.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one debug line per attempt: {@code GET https://host/path?q -> 200 (12 ms)}, or the
 * exception's class name instead of the status. The URL loses its user info and the values of
 * parameters whose names look secret ({@code token}, {@code signature}, {@code key}, ...). Headers
 * and bodies are never logged, so no credential reaches a log line. Install it after {@link
 * RetryInterceptor} so that each attempt gets its line.
 */
public final class ExchangeLogInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(ExchangeLogInterceptor.class);

  private final Consumer<String> sink;
  private final BooleanSupplier enabled;

  /** Logs to this class's SLF4J logger at debug level. */
  public ExchangeLogInterceptor() {
    this.sink = line -> log.debug("{}", line);
    this.enabled = log::isDebugEnabled;
  }

  // Tests collect the lines instead of configuring a logging backend.
  ExchangeLogInterceptor(Consumer<String> sink) {
    this.sink = Objects.requireNonNull(sink, "sink == null");
    this.enabled = () -> true;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!enabled.getAsBoolean()) {
      return chain.proceed(chain.request());
    }
    Request request = chain.request();
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      sink.accept(line(request, Integer.toString(response.code()), start));
      return response;
    } catch (IOException | RuntimeException e) {
      sink.accept(line(request, e.getClass().getSimpleName(), start));
      throw e;
    }
  }

  private static String line(Request request, String outcome, long start) {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return String.format(
        Locale.ROOT,
        "%s %s -> %s (%d ms)",
        request.method(),
        LogUrls.redact(request.url()),
        outcome,
        millis);
  }
}
