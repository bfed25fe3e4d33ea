package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.RecordedRequest;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Undertow server on a free loopback port that records requests and applies faults before
 * routing.
 */
public final class SimServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimServer.class);
  private static final long RESET_AFTER_BYTES = 64 * 1024;

  private final Undertow undertow;
  private final int port;
  private final FaultPlan faults = new FaultPlan();
  private final RequestLog requests = new RequestLog();
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();

  public SimServer(String name, ObjectMapper mapper, Route route) {
    HttpHandler root = new BlockingHandler(exchange -> handle(exchange, mapper, route));
    this.undertow =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(2)
            .setWorkerThreads(16)
            .setServerOption(UndertowOptions.DECODE_URL, true)
            .setHandler(Handlers.httpContinueRead(root))
            .build();
    undertow.start();
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    log.debug("{} simulator listening on 127.0.0.1:{}", name, port);
  }

  public int port() {
    return port;
  }

  public FaultPlan faults() {
    return faults;
  }

  public RequestLog requests() {
    return requests;
  }

  /** Requests being handled right now (recorded, not yet answered or dropped). */
  public int inFlight() {
    return inFlight.get();
  }

  private void handle(HttpServerExchange exchange, ObjectMapper mapper, Route route)
      throws Exception {
    inFlight.incrementAndGet();
    try {
      handleCounted(exchange, mapper, route);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void handleCounted(HttpServerExchange exchange, ObjectMapper mapper, Route route)
      throws Exception {
    String path = exchange.getRequestPath();
    requests.add(record(exchange));
    Duration delay = faults.takeDelay(path);
    if (!delay.isZero()) {
      Thread.sleep(delay.toMillis());
    }
    if (faults.takeResetRequest(path)) {
      log.debug("Resetting {} {} mid-request", exchange.getRequestMethod(), path);
      new Call(exchange, mapper, faults, false).resetMidRequest(RESET_AFTER_BYTES);
      return;
    }
    Optional<FaultPlan.Failure> failure = faults.takeFailure(path);
    Call call = new Call(exchange, mapper, faults, failure.isEmpty() && faults.takeDrop(path));
    if (failure.isPresent()) {
      log.debug(
          "Injecting {} for {} {}", failure.get().status(), exchange.getRequestMethod(), path);
      call.drainBody();
      if (failure.get().retryAfterSeconds() >= 0) {
        call.header("Retry-After", Integer.toString(failure.get().retryAfterSeconds()));
      }
      call.send(
          failure.get().status(),
          "text/plain; charset=utf-8",
          ("injected failure " + failure.get().status() + "\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      route.handle(call);
    } catch (Exception | AssertionError e) {
      log.debug("Simulator error on {} {}", exchange.getRequestMethod(), path, e);
      if (!exchange.isResponseStarted()) {
        exchange.getResponseHeaders().clear();
        call.send(
            500,
            "text/plain; charset=utf-8",
            "Internal Server Error\n".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static RecordedRequest record(HttpServerExchange exchange) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HeaderValues values : exchange.getRequestHeaders()) {
      headers
          .computeIfAbsent(values.getHeaderName().toString(), k -> new ArrayList<>())
          .addAll(values);
    }
    return new RecordedRequest(
        exchange.getRequestMethod().toString(),
        exchange.getRequestPath(),
        exchange.getQueryString() == null ? "" : exchange.getQueryString(),
        headers);
  }

  @Override
  public void close() {
    undertow.stop();
    log.debug("Simulator on port {} stopped", port);
  }
}
