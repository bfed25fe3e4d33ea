package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.ServerStatus;
import io.github.devpigiteasync.store.HistoryQueryException;
import io.github.devpigiteasync.store.RunRecord;
import io.github.devpigiteasync.store.Trigger;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/runs[?limit=N]}: the recorded passes, newest first, as {@code {"runs": [...]}}
 * (default 20, at most 1000). 400 for a bad limit, 503 when the store cannot be read.
 */
public final class RunsHandler implements HttpHandler {
  /** Runs returned without {@code limit}. */
  public static final int DEFAULT_LIMIT = 20;

  private final ServerStatus status;
  private final ObjectMapper mapper;

  public RunsHandler(ServerStatus status, ObjectMapper mapper) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    Http.fromStore(
        exchange,
        mapper,
        () -> status.recentRuns(limit(Http.query(exchange, "limit"))),
        (List<RunRecord> runs) -> Map.of("runs", runs.stream().map(RunsHandler::json).toList()));
  }

  private static int limit(Optional<String> text) {
    if (text.isEmpty() || text.get().isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(text.get().strip());
    } catch (NumberFormatException e) {
      throw new HistoryQueryException("limit must be a whole number: " + text.get());
    }
  }

  static Map<String, Object> json(RunRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("triggers", r.triggers().stream().map(Trigger::wireName).sorted().toList());
    m.put("started", r.started().toString());
    m.put("finished", r.finished().toString());
    m.put("durationMillis", r.duration().toMillis());
    m.put("outcome", r.outcome().wireName());
    m.put("dryRun", r.dryRun());
    m.put("mappings", r.mappings());
    RunRecord.Counts c = r.counts();
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("uploaded", c.uploaded());
    counts.put("present", c.present());
    counts.put("conflict", c.conflict());
    counts.put("failed", c.failed());
    counts.put("skipped", c.skipped());
    counts.put("planned", c.planned());
    m.put("counts", counts);
    m.put("bytes", r.bytes());
    m.put("error", r.error().orElse(null));
    return m;
  }
}
