package io.github.devpigiteasync.server.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void bytesShowsBinaryUnitsWithOneDecimal() {
    assertThat(Formats.bytes(0)).isEqualTo("0 B");
    assertThat(Formats.bytes(1023)).isEqualTo("1023 B");
    assertThat(Formats.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(Formats.bytes(1280)).isEqualTo("1.3 KiB");
    assertThat(Formats.bytes(1_048_575)).isEqualTo("1024.0 KiB");
    assertThat(Formats.bytes(5L << 30)).isEqualTo("5.0 GiB");
    assertThat(Formats.bytes(3L << 50)).isEqualTo("3072.0 TiB");
  }

  @Test
  void bytesRoundsExactlyLikeOneDecimalFloatingPointFormatting() {
    List<Long> values = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(15);
    for (int shift = 10; shift <= 52; shift++) {
      long base = 1L << shift;
      for (long delta = -3; delta <= 3; delta++) {
        values.add(base + delta);
      }
      for (int i = 0; i < 200; i++) {
        values.add(random.nextLong(base, base << 1));
      }
    }
    for (long tenth = 1; tenth < 100; tenth++) {
      // near the ties x.x5 of each unit
      for (long scale = 1024; scale <= 1L << 40; scale <<= 10) {
        long tie = scale * (20 * tenth + 1) / 20;
        values.add(tie - 1);
        values.add(tie);
        values.add(tie + 1);
      }
    }

    for (long v : values) {
      assertThat(Formats.bytes(v)).as("%d bytes", v).isEqualTo(reference(v));
    }
  }

  /** The former implementation: repeated division of a double, then String.format. */
  private static String reference(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
