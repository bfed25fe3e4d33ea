package io.github.devpigiteasync.sync.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One configuration problem, located as precisely as the input allows.
 *
 * @param file the config file (or {@code SyncConfig.builder()} for a config built in code)
 * @param line 1-based line of the option (or of its section when the option is missing), or 0 when
 *     there is no line (a config built in code, a missing section, the file as a whole)
 * @param section section name without brackets, or {@code ""} when not applicable
 * @param option option name, or {@code ""} when not applicable
 * @param code what kind of problem this is; stable across releases, for programs that react to it
 * @param message what is wrong and what would be valid; never contains a secret value
 */
public record ConfigProblem(
    Path file, int line, String section, String option, Code code, String message) {

  /** Kinds of problem. Names are stable; new kinds may be added. */
  public enum Code {
    /** The file does not exist. */
    FILE_NOT_FOUND,
    /** The file is a directory, is not UTF-8 or cannot be read. */
    FILE_UNREADABLE,
    /** The file is readable or writable by group or others. */
    FILE_PERMISSIONS,
    /** A line starting with {@code [} is not a section header. */
    BAD_SECTION_HEADER,
    /** A line is neither a section header nor {@code name = value}. */
    NOT_AN_OPTION,
    /** An option comes before the first section header. */
    OUTSIDE_SECTION,
    /** A section is given twice. */
    DUPLICATE_SECTION,
    /** An option is given twice in one section. */
    DUPLICATE_OPTION,
    /** A section name is not one of the known ones. */
    UNKNOWN_SECTION,
    /** An option is not valid in its section. */
    UNKNOWN_OPTION,
    /** A section that needs a name ({@code [mapping:<name>]}) has none. */
    MISSING_NAME,
    /** A required option (or section) is missing. */
    MISSING_OPTION,
    /** An option has no value. */
    EMPTY_VALUE,
    /** A value cannot be read as what the option needs (number, boolean, URL, glob...). */
    INVALID_VALUE,
    /** A number is outside the allowed range. */
    OUT_OF_RANGE,
    /** Two options exclude each other. */
    EXCLUSIVE_OPTIONS,
    /** An option applies only together with another one. */
    UNUSED_OPTION,
    /** A {@code *_env} option does not hold an environment variable name. */
    BAD_VARIABLE_NAME,
    /** The environment variable named by a {@code *_env} option is not set or empty. */
    VARIABLE_NOT_SET,
    /** A name refers to something that is not defined (a devpi server, a mapping). */
    UNKNOWN_REFERENCE,
    /** Two servers or mappings have the same name. */
    DUPLICATE_NAME,
    /** A file named by an option does not exist. */
    PATH_NOT_FOUND,
    /** A {@code [gitea:<org>]} section gives no token. */
    NO_CREDENTIAL,
    /** No mapping is defined. */
    NO_MAPPING
  }

  public ConfigProblem {
    Objects.requireNonNull(file, "file == null");
    Objects.requireNonNull(section, "section == null");
    Objects.requireNonNull(option, "option == null");
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(message, "message == null");
    if (line < 0) {
      throw new IllegalArgumentException("line < 0: " + line);
    }
  }

  /**
   * The problem without file and line: {@code [mapping:web] index: 'dev' is not of the form
   * user/index}.
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

  /** {@code file:line: [section] option: message}, without {@code :line} when there is none. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + describe();
  }
}
