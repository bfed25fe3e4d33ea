package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.HealthReport;
import io.github.devpigiteasync.server.ServerStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/** {@code GET /health}: the health verdict as JSON; 200, or 503 when failing. */
public final class HealthHandler implements HttpHandler {
  private final ServerStatus status;
  private final ObjectMapper mapper;

  public HealthHandler(ServerStatus status, ObjectMapper mapper) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    HealthReport health = status.health();
    Http.json(exchange, mapper, HealthReport.FAILING.equals(health.status()) ? 503 : 200, health);
  }
}
