package io.github.devpigiteasync.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a {@code Retry-After} header in both RFC 9110 forms: delta-seconds and HTTP-date. */
final class RetryAfter {
  // Only guards the arithmetic; Backoff caps real waits at maxBackoff.
  static final Duration LIMIT = Duration.ofDays(1);

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

  private RetryAfter() {}

  /**
   * The wait the header asks for, measured from {@code now}: a date in the past is zero, anything
   * unreadable (or a negative number) is empty, so the computed backoff applies.
   */
  static Optional<Duration> parse(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    Duration wait;
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      wait = value.length() > 9 ? LIMIT : Duration.ofSeconds(Long.parseLong(value));
    } else {
      try {
        wait = Duration.between(now, ZonedDateTime.parse(value, HTTP_DATE).toInstant());
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(LIMIT) > 0 ? LIMIT : wait);
  }
}
