package io.github.devpigiteasync.gitea;

import java.util.Locale;
import java.util.Objects;

/** A downloaded file's SHA-256 differs from the expected one; nothing was left on disk. */
public class GiteaIntegrityException extends GiteaException {
  private static final long serialVersionUID = 1L;

  private final String filename;
  private final String expected;
  private final String actual;

  public GiteaIntegrityException(String filename, String expected, String actual) {
    super(
        String.format(
            Locale.ROOT,
            "sha256 mismatch for %s: expected %s but got %s",
            filename,
            expected,
            actual));
    this.filename = Objects.requireNonNull(filename, "filename == null");
    this.expected = Objects.requireNonNull(expected, "expected == null");
    this.actual = Objects.requireNonNull(actual, "actual == null");
  }

  /** The file that failed verification. */
  public String filename() {
    return filename;
  }

  /** The expected lower-case hex SHA-256. */
  public String expected() {
    return expected;
  }

  /** The lower-case hex SHA-256 of the bytes received. */
  public String actual() {
    return actual;
  }
}
