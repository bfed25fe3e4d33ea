package io.github.devpigiteasync.store;

import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.StoreSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the sync history lives: {@link Kind#EMBEDDED} (a SQLite file under the state directory),
 * {@link Kind#POSTGRES} (shared by several daemons, which then elect a leader), or {@link
 * Kind#NONE} (nothing is recorded). The password is a {@link Secret}, so printing these options
 * never shows it.
 *
 * @param kind which store
 * @param url the JDBC URL: {@code jdbc:postgresql://host/db} for PostgreSQL; empty otherwise
 * @param username PostgreSQL user; empty for the driver's default (or the URL's {@code user})
 * @param password PostgreSQL password; empty when none is needed
 * @param historyDays rows older than this many days are pruned daily (at least 1; default 90)
 * @param stateDir the directory holding the embedded database file (created {@code 0700})
 */
public record StoreOptions(
    Kind kind,
    Optional<String> url,
    Optional<String> username,
    Optional<Secret> password,
    int historyDays,
    Path stateDir) {

  /** The default number of days history is kept. */
  public static final int DEFAULT_HISTORY_DAYS = 90;

  /** Which store engine. */
  public enum Kind {
    /** A SQLite database file under the state directory; no setup. */
    EMBEDDED,
    /** A PostgreSQL database, which several daemons may share. */
    POSTGRES,
    /** No store: nothing is recorded, history reads are empty. */
    NONE
  }

  /**
   * Checks the options.
   *
   * @throws IllegalArgumentException naming the option when a value is not usable
   */
  public StoreOptions {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(username, "username == null");
    Objects.requireNonNull(password, "password == null");
    Objects.requireNonNull(stateDir, "stateDir == null");
    if (historyDays < 1) {
      throw new IllegalArgumentException("history_days must be at least 1: " + historyDays);
    }
    if (kind == Kind.POSTGRES && url.filter(u -> u.startsWith("jdbc:postgresql:")).isEmpty()) {
      throw new IllegalArgumentException(
          "url must be a jdbc:postgresql://host[:port]/database URL: " + url.orElse("(none)"));
    }
  }

  /**
   * The store a loaded configuration describes: its {@code [store]} section, with the embedded
   * store under {@code [runtime] state_dir}. The one place the configuration's settings become
   * store options; the daemon and the command line both use it.
   */
  public static StoreOptions from(SyncConfig config) {
    StoreSettings s = config.store();
    return switch (s.kind()) {
      case EMBEDDED -> embedded(config.runtime().stateDir(), s.historyDays());
      case POSTGRESQL ->
          postgres(s.url().orElseThrow(), s.username(), s.password(), s.historyDays());
      case NONE -> none();
    };
  }

  /** The embedded SQLite store in {@code stateDir}, keeping {@code historyDays} of history. */
  public static StoreOptions embedded(Path stateDir, int historyDays) {
    return new StoreOptions(
        Kind.EMBEDDED, Optional.empty(), Optional.empty(), Optional.empty(), historyDays, stateDir);
  }

  /** A PostgreSQL store; {@code stateDir} is not used by it but kept for symmetry. */
  public static StoreOptions postgres(
      String url, Optional<String> username, Optional<Secret> password, int historyDays) {
    return new StoreOptions(
        Kind.POSTGRES, Optional.of(url), username, password, historyDays, Path.of("."));
  }

  /** No store ({@code url = none}): nothing is recorded. */
  public static StoreOptions none() {
    return new StoreOptions(
        Kind.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_HISTORY_DAYS,
        Path.of("."));
  }
}
