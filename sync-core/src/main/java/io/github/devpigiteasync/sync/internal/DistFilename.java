package io.github.devpigiteasync.sync.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * A distribution file name split into project name and version.
 *
 * @param name the name part as written in the file name
 * @param version the version part as written in the file name
 * @param kind wheel or sdist
 */
record DistFilename(String name, String version, Kind kind) {

  enum Kind {
    WHEEL,
    SDIST
  }

  /** The file kinds the tool syncs, by extension. */
  static Optional<Kind> kindOf(String filename) {
    String lower = filename.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".whl")) {
      return Optional.of(Kind.WHEEL);
    }
    if (lower.endsWith(".tar.gz") || lower.endsWith(".zip")) {
      return Optional.of(Kind.SDIST);
    }
    return Optional.empty();
  }

  /**
   * Parses {@code filename} as a distribution of {@code expectedName}. Wheels follow {@code
   * {name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl}; sdists {@code {name}-{ver}.tar.gz|.zip}, where
   * the name may itself hold dashes, so the split is the one whose name part matches the expected
   * project.
   *
   * @return empty when the name is not a distribution file name of that project
   */
  static Optional<DistFilename> parse(String filename, String expectedName) {
    if (filename.isEmpty()
        || filename.contains("/")
        || filename.contains("\\")
        || filename.startsWith(".")
        || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.empty();
    }
    Optional<Kind> kind = kindOf(filename);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    String expected = Names.canonical(expectedName);
    if (kind.get() == Kind.WHEEL) {
      String[] parts = filename.substring(0, filename.length() - 4).split("-", -1);
      if ((parts.length != 5 && parts.length != 6)
          || !Names.canonical(parts[0]).equals(expected)
          || parts[1].isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new DistFilename(parts[0], parts[1], Kind.WHEEL));
    }
    String lower = filename.toLowerCase(Locale.ROOT);
    String base = filename.substring(0, filename.length() - (lower.endsWith(".zip") ? 4 : 7));
    for (int dash = base.indexOf('-'); dash > 0; dash = base.indexOf('-', dash + 1)) {
      String name = base.substring(0, dash);
      String version = base.substring(dash + 1);
      if (!version.isEmpty() && Names.canonical(name).equals(expected)) {
        return Optional.of(new DistFilename(name, version, Kind.SDIST));
      }
    }
    return Optional.empty();
  }
}
