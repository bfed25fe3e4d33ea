package io.github.devpigiteasync.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;

/** One request as the simulators see it, with helpers that honour the drop and corrupt faults. */
public final class Call {
  private final HttpServerExchange exchange;
  private final ObjectMapper mapper;
  private final FaultPlan faults;
  private final boolean dropMidBody;

  Call(HttpServerExchange exchange, ObjectMapper mapper, FaultPlan faults, boolean dropMidBody) {
    this.exchange = exchange;
    this.mapper = mapper;
    this.faults = faults;
    this.dropMidBody = dropMidBody;
  }

  public HttpServerExchange exchange() {
    return exchange;
  }

  public String method() {
    return exchange.getRequestMethod().toString();
  }

  /** Decoded request path, for example {@code /alice/dev/+simple/foo/}. */
  public String path() {
    return exchange.getRequestPath();
  }

  /**
   * Path segments after {@code prefix}; empty segments (repeated or trailing slashes) are dropped.
   */
  public List<String> segments(String prefix) {
    String rest = path().substring(Math.min(prefix.length(), path().length()));
    List<String> out = new ArrayList<>();
    for (String s : rest.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  public Optional<String> query(String name) {
    Map<String, Deque<String>> params = exchange.getQueryParameters();
    Deque<String> values = params.get(name);
    return values == null || values.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(values.peekFirst());
  }

  public boolean hasQuery(String name) {
    return exchange.getQueryParameters().containsKey(name);
  }

  public Map<String, Deque<String>> queryParameters() {
    return exchange.getQueryParameters();
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
  }

  public InputStream body() {
    return exchange.getInputStream();
  }

  public long requestContentLength() {
    return exchange.getRequestContentLength();
  }

  public Call header(String name, String value) {
    exchange.getResponseHeaders().put(HttpString.tryFromString(name), value);
    return this;
  }

  public Call reason(String phrase) {
    exchange.setReasonPhrase(phrase);
    return this;
  }

  public void sendJson(int status, Object body) throws IOException {
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
    send(status, "application/json", bytes);
  }

  public void sendText(int status, String contentType, String body) throws IOException {
    send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  public void sendEmpty(int status, @Nullable String contentType) throws IOException {
    exchange.setStatusCode(status);
    if (contentType != null) {
      header("Content-Type", contentType);
    }
    exchange.setResponseContentLength(0);
  }

  public void send(int status, String contentType, byte[] body) throws IOException {
    send(status, List.of(contentType), body);
  }

  /** Sends with one {@code Content-Type} line per entry, in order (Forgejo v16 sends two). */
  public void send(int status, List<String> contentTypes, byte[] body) throws IOException {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().remove(HttpString.tryFromString("Content-Type"));
    for (String contentType : contentTypes) {
      exchange.getResponseHeaders().add(HttpString.tryFromString("Content-Type"), contentType);
    }
    exchange.setResponseContentLength(body.length);
    if (method().equals("HEAD")) {
      return;
    }
    OutputStream out = exchange.getOutputStream();
    if (dropMidBody) {
      out.write(body, 0, body.length / 2);
      out.flush();
      IoUtils.safeClose(exchange.getConnection());
      return;
    }
    out.write(body);
  }

  /**
   * Streams a stored file; the corrupt fault flips bytes on the way out, the stored copy stays
   * intact.
   */
  public void sendFile(int status, String contentType, Path file) throws IOException {
    long size = Files.size(file);
    exchange.setStatusCode(status);
    header("Content-Type", contentType);
    exchange.setResponseContentLength(size);
    if (method().equals("HEAD")) {
      return;
    }
    boolean corrupt = faults.takeCorrupt(path());
    long limit = dropMidBody ? size / 2 : size;
    OutputStream out = exchange.getOutputStream();
    byte[] buf = new byte[64 * 1024];
    long pos = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (pos < limit) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, limit - pos));
        if (n < 0) {
          break;
        }
        if (corrupt) {
          flip(buf, pos, n, 0);
          flip(buf, pos, n, size / 2);
          flip(buf, pos, n, size - 1);
        }
        out.write(buf, 0, n);
        pos += n;
      }
    }
    if (dropMidBody) {
      out.flush();
      IoUtils.safeClose(exchange.getConnection());
    }
  }

  private static void flip(byte[] buf, long bufStart, int n, long target) {
    if (target >= bufStart && target < bufStart + n) {
      int i = (int) (target - bufStart);
      buf[i] = (byte) ~buf[i];
    }
  }

  /**
   * Reads up to {@code bytes} of the request body, then closes the connection without an answer:
   * the client sees a reset while it is still sending.
   */
  public void resetMidRequest(long bytes) {
    byte[] buf = new byte[8192];
    try {
      InputStream in = exchange.getInputStream();
      for (long read = 0; read < bytes; ) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, bytes - read));
        if (n < 0) {
          break;
        }
        read += n;
      }
    } catch (IOException e) {
      // the client went away first
    }
    IoUtils.safeClose(exchange.getConnection());
  }

  /**
   * Reads and discards what is left of the request body, so the client sees our answer, not a
   * reset.
   */
  public void drainBody() {
    byte[] buf = new byte[64 * 1024];
    try {
      InputStream in = exchange.getInputStream();
      while (in.read(buf) >= 0) {
        // discard
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }
}
