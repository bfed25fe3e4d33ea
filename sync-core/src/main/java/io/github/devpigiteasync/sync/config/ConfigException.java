package io.github.devpigiteasync.sync.config;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. {@link #problems()} lists every problem found; the message has
 * one problem per line. The CLI maps it to exit code 3.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Kind {
    /** The content is invalid. */
    INVALID,
    /** The file is readable or writable by group or others. */
    PERMISSIONS,
    /** The file does not exist. */
    NOT_FOUND
  }

  private final Kind kind;
  private final transient List<ConfigProblem> problems;

  /**
   * Creates an exception listing {@code problems}.
   *
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public ConfigException(Kind kind, List<ConfigProblem> problems) {
    super(format(problems));
    this.kind = Objects.requireNonNull(kind, "kind == null");
    this.problems = List.copyOf(problems);
  }

  private static String format(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems is empty");
    }
    return problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"));
  }

  public Kind kind() {
    return kind;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
