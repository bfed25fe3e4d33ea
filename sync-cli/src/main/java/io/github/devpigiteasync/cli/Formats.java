package io.github.devpigiteasync.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations, always formatted with {@link Locale#ROOT}. */
final class Formats {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

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
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 0.4 s} below a minute, {@code 2m05s} below an hour, then {@code 1h02m}. */
  static String duration(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }

  /** An outcome or action name as shown to users: lower case. */
  static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
