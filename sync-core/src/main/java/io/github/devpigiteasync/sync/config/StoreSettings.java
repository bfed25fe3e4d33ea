package io.github.devpigiteasync.sync.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [store]} section: where the run history is kept.
 *
 * @param kind embedded (under {@link RuntimeSettings#stateDir()}), PostgreSQL, or none
 * @param url the {@code jdbc:postgresql://} URL; present exactly when {@code kind} is {@link
 *     Kind#POSTGRESQL}
 * @param username database user; only with a PostgreSQL URL
 * @param password database password; only with a PostgreSQL URL
 * @param historyDays how many days of run history are kept, at least 1 (default 90)
 */
public record StoreSettings(
    Kind kind,
    Optional<String> url,
    Optional<String> username,
    Optional<Secret> password,
    int historyDays) {

  /** The default number of days of history kept: 90. */
  public static final int DEFAULT_HISTORY_DAYS = 90;

  /** Where the history lives. */
  public enum Kind {
    /** An embedded store under the state directory ({@code url} absent). */
    EMBEDDED,
    /** A PostgreSQL database ({@code url = jdbc:postgresql://...}). */
    POSTGRESQL,
    /** No history is kept ({@code url = none}). */
    NONE
  }

  public StoreSettings {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    if (url.isPresent() != (kind == Kind.POSTGRESQL)) {
      throw new IllegalArgumentException("a url is given exactly for a PostgreSQL store");
    }
  }

  /** The embedded store with 90 days of history (no {@code [store]} section). */
  public static StoreSettings defaults() {
    return new StoreSettings(
        Kind.EMBEDDED, Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_HISTORY_DAYS);
  }
}
