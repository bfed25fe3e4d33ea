package io.github.devpigiteasync.testkit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.SplittableRandom;

/**
 * A reproducible stream of pseudo-random bytes, generated in 64 KiB chunks so memory stays flat.
 */
final class Padding {
  private Padding() {}

  static void write(OutputStream out, long size, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buf = new byte[64 * 1024];
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(buf.length, left);
      for (int i = 0; i < n; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < n; j++) {
          buf[i + j] = (byte) (v >>> (8 * j));
        }
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }
}
