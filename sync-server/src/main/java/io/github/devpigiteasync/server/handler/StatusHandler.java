package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.ServerStatus;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * {@code GET /api/status[?files=false]}: the dashboard's data as JSON ({@code files=false} leaves
 * out file lists).
 */
public final class StatusHandler implements HttpHandler {
  private final ServerStatus status;
  private final ObjectMapper mapper;

  public StatusHandler(ServerStatus status, ObjectMapper mapper) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    boolean files = !Http.query(exchange, "files").map("false"::equalsIgnoreCase).orElse(false);
    Http.json(exchange, mapper, 200, status.snapshot(files));
  }
}
