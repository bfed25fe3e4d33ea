package io.github.devpigiteasync.server.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.store.HistoryQueryException;
import io.github.devpigiteasync.store.StoreUnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small response and request helpers shared by the handlers. */
final class Http {
  static final String JSON = "application/json; charset=utf-8";

  private Http() {}

  static void json(HttpServerExchange exchange, ObjectMapper mapper, int status, Object body) {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
  }

  static void error(HttpServerExchange exchange, ObjectMapper mapper, int status, String message) {
    json(exchange, mapper, status, Map.of("error", message));
  }

  /**
   * Reads the history store for a request and answers it with the JSON {@code body} made of what
   * was read; a bad parameter gets 400 with the message naming it, a store that cannot be read 503.
   */
  static <T> void fromStore(
      HttpServerExchange exchange,
      ObjectMapper mapper,
      Supplier<T> read,
      Function<T, Object> body) {
    T result;
    try {
      result = read.get();
    } catch (HistoryQueryException e) {
      error(exchange, mapper, 400, e.getMessage());
      return;
    } catch (StoreUnavailableException e) {
      error(exchange, mapper, 503, "history store unavailable");
      return;
    }
    json(exchange, mapper, 200, body.apply(result));
  }

  static Optional<String> query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** Reads the whole body (blocking), refusing more than {@code limit} bytes. */
  static byte[] body(HttpServerExchange exchange, long limit) {
    long declared = exchange.getRequestContentLength();
    if (declared > limit) {
      throw new PayloadTooLargeException(limit);
    }
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (InputStream in = exchange.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        if (out.size() + (long) n > limit) {
          throw new PayloadTooLargeException(limit);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
