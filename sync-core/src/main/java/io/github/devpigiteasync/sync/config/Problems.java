package io.github.devpigiteasync.sync.config;

import io.github.devpigiteasync.sync.config.ConfigProblem.Code;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects problems in the order found; the same problem reported twice is kept once. Problems
 * without an explicit line get the line of their option (or section) from {@link Lines}.
 */
final class Problems {
  /** Where a section's option is written; 0 when it is not in the file. */
  interface Lines {
    Lines NONE = (section, option) -> 0;

    int of(String section, String option);
  }

  private final Path file;
  private final Set<ConfigProblem> problems = new LinkedHashSet<>();
  private Lines lines = Lines.NONE;

  Problems(Path file) {
    this.file = file;
  }

  /** Locates later problems through {@code lines} (set once the file has been read). */
  void locateWith(Lines lines) {
    this.lines = lines;
  }

  void add(String section, String option, Code code, String message) {
    add(lines.of(section, option), section, option, code, message);
  }

  void add(int line, String section, String option, Code code, String message) {
    problems.add(new ConfigProblem(file, line, section, option, code, message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  List<ConfigProblem> list() {
    return new ArrayList<>(problems);
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(ConfigException.Kind.INVALID, list());
    }
  }
}
