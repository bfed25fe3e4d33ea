package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormatsTest {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

  @Test
  void bytesReadAsUsersSeeThem() {
    assertThat(Formats.bytes(-1)).isEqualTo("?");
    assertThat(Formats.bytes(0)).isEqualTo("0 B");
    assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
    assertThat(Formats.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(Formats.bytes(1280)).isEqualTo("1.3 KiB");
    assertThat(Formats.bytes(12_900_000)).isEqualTo("12.3 MiB");
    assertThat(Formats.bytes(1024L * 1024 - 1)).isEqualTo("1024.0 KiB");
    assertThat(Formats.bytes(5L << 40)).isEqualTo("5.0 TiB");
  }

  @Test
  void bytesRoundAsPercentPointOneFDoes() {
    SplittableRandom random = new SplittableRandom(13);
    for (int unit = 1; unit <= 3; unit++) {
      long scale = 1L << (10 * unit);
      for (long tenth = 10; tenth < 10_240; tenth++) {
        // around every tie, n.n5 of the unit: the bytes on it (if any) and on either side
        long tie = (2 * tenth + 1) * scale / 20;
        for (long b = tie - 2; b <= tie + 2; b++) {
          assertSameAsFormatter(b);
        }
      }
    }
    for (int unit = 1; unit < UNITS.length; unit++) {
      long scale = 1L << (10 * unit);
      for (int i = 0; i < 20_000; i++) {
        assertSameAsFormatter(scale + random.nextLong(1023 * scale));
      }
    }
    for (long b = 1024; b < 100_000; b++) {
      assertSameAsFormatter(b);
    }
  }

  @Test
  void durationsReadAsUsersSeeThem() {
    assertThat(Formats.duration(Duration.ZERO)).isEqualTo("0.0 s");
    assertThat(Formats.duration(Duration.ofMillis(-5))).isEqualTo("0.0 s");
    assertThat(Formats.duration(Duration.ofMillis(449))).isEqualTo("0.4 s");
    assertThat(Formats.duration(Duration.ofMillis(1150))).isEqualTo("1.2 s");
    assertThat(Formats.duration(Duration.ofMillis(59_999))).isEqualTo("60.0 s");
    assertThat(Formats.duration(Duration.ofSeconds(125))).isEqualTo("2m05s");
    assertThat(Formats.duration(Duration.ofSeconds(3720))).isEqualTo("1h02m");
    assertThat(Formats.duration(Duration.ofHours(123).plusMinutes(4))).isEqualTo("123h04m");
  }

  @Test
  void durationsMatchTheFormatStringsTheyReplace() {
    for (long millis = 0; millis < 60_000; millis++) {
      assertThat(Formats.duration(Duration.ofMillis(millis)))
          .isEqualTo(String.format(Locale.ROOT, "%.1f s", millis / 1000.0));
    }
    for (long seconds = 60; seconds < 3600; seconds++) {
      assertThat(Formats.duration(Duration.ofSeconds(seconds)))
          .isEqualTo(String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60));
    }
    for (long seconds = 3600; seconds < 400_000; seconds += 59) {
      assertThat(Formats.duration(Duration.ofSeconds(seconds)))
          .isEqualTo(String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60));
    }
  }

  private static void assertSameAsFormatter(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    assertThat(Formats.bytes(bytes))
        .as("%d bytes", bytes)
        .isEqualTo(String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]));
  }
}
