package io.github.devpigiteasync.server.handler;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Objects;

/**
 * Adds {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Referrer-Policy} and a
 * deny-all {@code Content-Security-Policy} to every response; the dashboard replaces the CSP with
 * one carrying its nonce.
 */
public final class SecurityHeadersHandler implements HttpHandler {
  static final HttpString CSP = new HttpString("Content-Security-Policy");

  private final HttpHandler next;

  public SecurityHeadersHandler(HttpHandler next) {
    this.next = Objects.requireNonNull(next, "next == null");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    var headers = exchange.getResponseHeaders();
    headers.put(new HttpString("X-Content-Type-Options"), "nosniff");
    headers.put(new HttpString("X-Frame-Options"), "DENY");
    headers.put(new HttpString("Referrer-Policy"), "no-referrer");
    headers.put(
        CSP, "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    next.handleRequest(exchange);
  }
}
