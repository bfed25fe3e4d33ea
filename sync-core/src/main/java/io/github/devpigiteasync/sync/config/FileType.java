package io.github.devpigiteasync.sync.config;

import java.util.Locale;
import java.util.Optional;

/** Kinds of distribution file a mapping may sync ({@code file_types}). */
public enum FileType {
  /** A {@code .whl} file. */
  WHEEL,
  /** A {@code .tar.gz} or {@code .zip} source distribution. */
  SDIST;

  /** The name used in the config file: {@code wheel} or {@code sdist}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The file type named {@code wheel} or {@code sdist} (any case), if it is one. */
  public static Optional<FileType> fromConfigName(String name) {
    for (FileType t : values()) {
      if (t.configName().equalsIgnoreCase(name.strip())) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type of a distribution file by its name's extension, if it is a wheel or an sdist. */
  public static Optional<FileType> ofFileName(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      return Optional.of(WHEEL);
    }
    if (lower.endsWith(".tar.gz") || lower.endsWith(".zip")) {
      return Optional.of(SDIST);
    }
    return Optional.empty();
  }
}
