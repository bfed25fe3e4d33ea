package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects problems in the order found; the same problem reported twice is kept once. */
final class Problems {
  private final Path file;
  private final Set<ConfigProblem> problems = new LinkedHashSet<>();

  Problems(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  void add(String section, String option, String message) {
    problems.add(new ConfigProblem(file, section, option, message));
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
