package io.github.devpigiteasync.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Position after an event in newest-first order: (time, run, seq). Encoded as opaque base64url so
 * that clients do not build cursors themselves.
 */
record Cursor(long timeMillis, String run, int seq) {
  private static final Pattern FORMAT =
      Pattern.compile("v1:(\\d{1,19}):([0-9a-f-]{36}):(\\d{1,9})");

  static Cursor after(HistoryEvent e) {
    return new Cursor(e.time().toEpochMilli(), e.run(), e.seq());
  }

  String encode() {
    String text = "v1:" + timeMillis + ":" + run + ":" + seq;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static Cursor decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw invalid();
    }
    try {
      return new Cursor(Long.parseLong(m.group(1)), m.group(2), Integer.parseInt(m.group(3)));
    } catch (NumberFormatException e) {
      throw invalid();
    }
  }

  private static HistoryQueryException invalid() {
    return new HistoryQueryException(
        "cursor is not valid; pass the 'next' value of a previous page unchanged");
  }
}
