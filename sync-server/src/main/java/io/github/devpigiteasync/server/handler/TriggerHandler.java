package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.server.PassScope;
import io.github.devpigiteasync.server.Scheduler;
import io.github.devpigiteasync.server.Triggers;
import io.github.devpigiteasync.sync.config.Secret;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/sync[?mapping=NAME]}: requests a pass. 404 unless an API token is configured,
 * 401 without {@code Authorization: Bearer <token>}, 400 for an unknown mapping, 202 when accepted.
 */
public final class TriggerHandler implements HttpHandler {
  private final Optional<Secret> token;
  private final Triggers triggers;
  private final ObjectMapper mapper;
  private final long maxBody;

  public TriggerHandler(
      Optional<Secret> token, Triggers triggers, ObjectMapper mapper, long maxBody) {
    this.token = Objects.requireNonNull(token, "token == null");
    this.triggers = Objects.requireNonNull(triggers, "triggers == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.maxBody = maxBody;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (token.isEmpty()) {
      Http.error(exchange, mapper, 404, "not found");
      return;
    }
    Http.body(exchange, maxBody); // enforce the size limit; the body itself is not used
    if (!authorized(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION), token.get())) {
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      Http.error(exchange, mapper, 401, "missing or invalid bearer token");
      return;
    }
    Optional<String> mapping = Http.query(exchange, "mapping").filter(m -> !m.isBlank());
    if (mapping.isPresent() && !triggers.hasMapping(mapping.get())) {
      Http.error(exchange, mapper, 400, "unknown mapping");
      return;
    }
    PassScope scope =
        mapping.map(m -> PassScope.of(Set.of(m), "api")).orElseGet(() -> PassScope.all("api"));
    Scheduler.Outcome outcome = triggers.request(scope);
    if (outcome == Scheduler.Outcome.REJECTED) {
      Http.error(exchange, mapper, 503, "shutting down");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", true);
    body.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
    body.put("mappings", mapping.map(List::of).orElse(List.of()));
    Http.json(exchange, mapper, 202, body);
  }

  static boolean authorized(@Nullable String header, Secret token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    byte[] expected = token.reveal().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }
}
