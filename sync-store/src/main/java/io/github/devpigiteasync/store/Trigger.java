package io.github.devpigiteasync.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What asked for a pass. */
public enum Trigger {
  /** The poll interval elapsed. */
  SCHEDULE("schedule"),
  /** The daemon started. */
  STARTUP("startup"),
  /** {@code POST /api/sync}. */
  API("api"),
  /** A Gitea webhook. */
  WEBHOOK("webhook"),
  /** A one-off command-line run. */
  ONE_OFF("one-off");

  private final String wireName;

  Trigger(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in the API, the database and the configuration, e.g. {@code one-off}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The trigger with this wire name (case ignored).
   *
   * @throws IllegalArgumentException listing the known names
   */
  public static Trigger parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (Trigger t : values()) {
      if (t.wireName.equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown trigger '"
            + name
            + "'; known: "
            + Arrays.stream(values()).map(Trigger::wireName).collect(Collectors.joining(", ")));
  }
}
