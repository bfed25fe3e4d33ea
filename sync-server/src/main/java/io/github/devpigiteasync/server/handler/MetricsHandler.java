package io.github.devpigiteasync.server.handler;

import io.github.devpigiteasync.server.ServerMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.OutputStream;
import java.util.Objects;

/** {@code GET /metrics}: Prometheus text format. */
public final class MetricsHandler implements HttpHandler {
  private final ServerMetrics metrics;

  public MetricsHandler(ServerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, metrics.contentType());
    // streamed: the writer buffers, and the exchange's stream needs no second copy
    try (OutputStream out = exchange.getOutputStream()) {
      metrics.write(out);
    }
  }
}
