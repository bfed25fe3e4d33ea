package io.github.devpigiteasync.http;

import java.io.IOException;
import java.util.Locale;
import okhttp3.Response;

/** The parts of error decoding both clients share: a bounded peek at the body and tidy texts. */
public final class Failures {
  private Failures() {}

  /**
   * Up to {@code maxBytes} of the body as text, without consuming it; empty if it cannot be read.
   * Error bodies are small, and the bound keeps a huge error page from costing memory.
   */
  public static String peekBody(Response response, long maxBytes) {
    try {
      return response.peekBody(maxBytes).string();
    } catch (IOException | IllegalStateException e) {
      return "";
    }
  }

  /** The text on one line (runs of white space become one space), cut to {@code maxChars}. */
  public static String oneLine(String text, int maxChars) {
    String collapsed = text.replaceAll("\\s+", " ").strip();
    return collapsed.length() > maxChars ? collapsed.substring(0, maxChars) + "…" : collapsed;
  }

  /**
   * What went wrong, for an exception message: the exception's class and message, or for a TLS
   * failure a hint at the likely cause and fix.
   */
  public static String describe(IOException e) {
    if (Tls.isTlsFailure(e)) {
      return String.format(
          Locale.ROOT,
          "TLS handshake failed, the server certificate is not trusted (%s); "
              + "configure a CA bundle or disable TLS verification",
          e.getClass().getSimpleName());
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
