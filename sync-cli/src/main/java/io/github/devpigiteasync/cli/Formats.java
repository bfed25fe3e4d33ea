package io.github.devpigiteasync.cli;

import java.time.Duration;
import java.util.Locale;

/**
 * Human-readable sizes and durations, always formatted with {@link Locale#ROOT}. The common cases
 * are built by hand, not with {@link String#format}: a first sync prints one line per file, and
 * {@link java.util.Formatter} was about a twentieth of the sync workers' CPU time.
 */
final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  /** Up to GiB the tenths computed from the exact value round as {@code %.1f} does. */
  private static final int LAST_EXACT_UNIT = 3;

  private Formats() {}

  /**
   * {@code 0 B}, {@code 999 B}, {@code 1.0 KiB}, {@code 12.3 MiB}; negative sizes are {@code ?}.
   */
  static String bytes(long bytes) {
    if (bytes < 0) {
      return "?";
    }
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (unit > LAST_EXACT_UNIT) {
      return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
    // bytes / 1024^unit is exact in a double here, and %.1f rounds it half up
    long scale = 1L << (10 * unit);
    long tenths = (bytes * 10 + scale / 2) / scale;
    return tenths(tenths) + " " + UNITS[unit];
  }

  /** {@code 0.4 s} below a minute, {@code 2m05s} below an hour, then {@code 1h02m}. */
  static String duration(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 60_000) {
      return tenths((millis + 50) / 100) + " s";
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return (seconds / 60) + "m" + twoDigits(seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + twoDigits((seconds % 3600) / 60) + "m";
  }

  /** An outcome or action name as shown to users: lower case. */
  static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static String tenths(long tenths) {
    return (tenths / 10) + "." + (tenths % 10);
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }
}
