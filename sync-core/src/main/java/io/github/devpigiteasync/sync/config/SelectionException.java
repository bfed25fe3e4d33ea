package io.github.devpigiteasync.sync.config;

import java.util.List;

/**
 * An {@code --org} or {@code --mapping} value matches no mapping (a usage error, exit code 2). The
 * message lists the known names.
 */
public final class SelectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> unknown;
  private final transient List<String> known;

  public SelectionException(String message, List<String> unknown, List<String> known) {
    super(message);
    this.unknown = List.copyOf(unknown);
    this.known = List.copyOf(known);
  }

  /** The requested names that match nothing (empty when only the intersection is empty). */
  public List<String> unknown() {
    return unknown;
  }

  /** The names that would have matched. */
  public List<String> known() {
    return known;
  }
}
