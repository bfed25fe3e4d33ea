package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.ServerStatus;
import io.github.devpigiteasync.store.HistoryEvent;
import io.github.devpigiteasync.store.HistoryQuery;
import io.github.devpigiteasync.store.Page;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/history[?mapping=&project=&filename=&outcome=&since=&limit=&cursor=]}: file
 * events, newest first, as {@code {"events": [...], "next": cursor-or-null}}. 400 with an {@code
 * error} naming the parameter when one is not valid, 503 when the store cannot be read.
 */
public final class HistoryHandler implements HttpHandler {
  private final ServerStatus status;
  private final ObjectMapper mapper;

  public HistoryHandler(ServerStatus status, ObjectMapper mapper) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Http.fromStore(
        exchange,
        mapper,
        () -> status.history(HistoryQuery.parse(exchange.getQueryParameters())),
        HistoryHandler::body);
  }

  private static Map<String, Object> body(Page<HistoryEvent> page) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", page.items().stream().map(HistoryHandler::json).toList());
    body.put("next", page.next().orElse(null));
    return body;
  }

  static Map<String, Object> json(HistoryEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("run", e.run());
    m.put("mapping", e.mapping());
    m.put("organization", e.organization());
    m.put("index", e.index());
    m.put("project", e.project());
    m.put("version", e.version());
    m.put("filename", e.filename());
    m.put("sha256", e.sha256());
    m.put("bytes", e.bytes());
    m.put("outcome", e.outcome().wireName());
    m.put("reason", e.reason());
    return m;
  }
}
