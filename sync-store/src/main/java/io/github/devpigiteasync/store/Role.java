package io.github.devpigiteasync.store;

import java.util.Locale;

/** This daemon's part in running passes, as {@code /health} reports it. */
public enum Role {
  /** Holds the PostgreSQL lock and runs passes. */
  LEADER,
  /** Shares a PostgreSQL store with a leader; serves reads and hands triggers to the leader. */
  STANDBY,
  /** Runs passes alone: the store is embedded or off. */
  SINGLE;

  /** The lower-case name for JSON, e.g. {@code leader}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
