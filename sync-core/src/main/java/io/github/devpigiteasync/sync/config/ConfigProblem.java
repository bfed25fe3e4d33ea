package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One configuration problem.
 *
 * @param file the config file (or {@code SyncConfig.builder()} for a config built in code)
 * @param section section name without brackets, or {@code ""} when not applicable
 * @param option option name, or {@code ""} when not applicable
 * @param message what is wrong and what would be valid; never contains a secret value
 */
public record ConfigProblem(Path file, String section, String option, String message) {
  public ConfigProblem {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(section, "section == null");
    Objects.requireNonNull(option, "option == null");
    Objects.requireNonNull(message, "message == null");
  }

  /**
   * The problem without the file: {@code [mapping:web] index: 'dev' is not of the form user/index}.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (!section.isEmpty()) {
      sb.append('[').append(section).append("] ");
    }
    if (!option.isEmpty()) {
      sb.append(option).append(": ");
    }
    return sb.append(message).toString();
  }

  /** {@code file: [section] option: message}. */
  @Override
  public String toString() {
    return file + ": " + describe();
  }
}
