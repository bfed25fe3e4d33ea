package io.github.devpigiteasync.server.view;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Formatting for the dashboard; always {@link Locale#ROOT} and UTC. */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Formats() {}

  static String time(@Nullable Instant instant) {
    return instant == null ? "—" : TIME.format(instant);
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    // one decimal, rounded half up, as "%.1f" would print bytes / 1024^n: integer arithmetic,
    // because String.format was the dashboard's most expensive call (once per file row)
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    long scale = 1024;
    int unit = 0;
    while (unit < units.length - 1 && bytes / scale >= 1024) {
      scale *= 1024;
      unit++;
    }
    long whole = bytes / scale;
    long tenths = whole * 10 + ((bytes % scale) * 10 + scale / 2) / scale;
    return (tenths / 10) + "." + (tenths % 10) + " " + units[unit];
  }

  static String millis(long millis) {
    if (millis < 1000) {
      return millis + " ms";
    }
    Duration d = Duration.ofMillis(millis);
    if (d.toMinutes() < 1) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    if (d.toHours() < 1) {
      return String.format(Locale.ROOT, "%d min %d s", d.toMinutes(), d.toSecondsPart());
    }
    return String.format(Locale.ROOT, "%d h %d min", d.toHours(), d.toMinutesPart());
  }

  static String relative(@Nullable Instant target, Instant now) {
    if (target == null) {
      return "—";
    }
    long seconds = Duration.between(now, target).getSeconds();
    if (seconds <= 0) {
      return "now";
    }
    return "in " + millis(seconds * 1000);
  }

  static String count(long n) {
    return Long.toString(n);
  }
}
