package io.github.devpigiteasync.server.handler;

import io.github.devpigiteasync.server.ServerStatus;
import io.github.devpigiteasync.server.view.DashboardRenderer;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * {@code GET /[?page=N][&q=TEXT]}: the HTML dashboard (files narrowed to packages and file names
 * containing {@code TEXT}), with a fresh CSP nonce for its inline style and script on every
 * response.
 */
public final class DashboardHandler implements HttpHandler {
  private final ServerStatus status;
  private final DashboardRenderer renderer;
  private final SecureRandom random = new SecureRandom();

  public DashboardHandler(ServerStatus status, DashboardRenderer renderer) {
    this.status = Objects.requireNonNull(status, "status == null");
    this.renderer = Objects.requireNonNull(renderer, "renderer == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    int page = Http.query(exchange, "page").map(DashboardHandler::parsePage).orElse(1);
    byte[] nonceBytes = new byte[18];
    random.nextBytes(nonceBytes);
    String nonce = Base64.getEncoder().encodeToString(nonceBytes);
    String search = Http.query(exchange, "q").orElse("");
    var headers = exchange.getResponseHeaders();
    headers.put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    headers.put(Headers.CACHE_CONTROL, "no-store");
    headers.put(
        SecurityHeadersHandler.CSP,
        "default-src 'none'; script-src 'nonce-"
            + nonce
            + "'; style-src 'nonce-"
            + nonce
            + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'");
    // streamed through a buffered UTF-8 writer: building the page as a String (or a byte array)
    // first allocated several times its size per request, and the template writes many small
    // strings
    try (Writer out =
        new BufferedWriter(
            new OutputStreamWriter(exchange.getOutputStream(), StandardCharsets.UTF_8),
            16 * 1024)) {
      renderer.render(status.snapshot(true), page, nonce, search, out);
    }
  }

  private static int parsePage(String text) {
    try {
      return Math.max(1, Integer.parseInt(text.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
