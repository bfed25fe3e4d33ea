package io.github.devpigiteasync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Free space where the bench and the simulators keep their files (both under the system temp dir).
 */
final class Disk {
  static final long GIB = 1L << 30;

  private Disk() {}

  static long usable(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String gib(long bytes) {
    return Report.fmt("%.1f GiB", bytes / (double) GIB);
  }
}
