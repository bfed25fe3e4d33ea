package io.github.devpigiteasync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection pool and schema migrations of one store (SQLite or PostgreSQL). */
final class Database implements AutoCloseable {
  static final String FILE_NAME = "history.db";

  /**
   * The highest migration in {@code db/migration}: a schema at this version is current, and opening
   * it needs no Flyway (whose 400 classes cost a one-off run more than its whole recording).
   */
  static final int SCHEMA_VERSION = 2;

  private static final String SCHEMA_TABLE = "sync_schema_history";

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final StoreOptions options;
  private final java.time.Duration connectionTimeout;
  private volatile HikariDataSource pool;
  private volatile boolean migrated;

  /** The embedded store's file as the pool opened it (inode and device), or null when not known. */
  private volatile @Nullable Object fileKey;

  private Database(StoreOptions options, java.time.Duration connectionTimeout) {
    this.options = options;
    this.connectionTimeout = connectionTimeout;
    this.pool = newPool(options, connectionTimeout);
    this.fileKey = isPostgres() ? null : fileKey(file());
  }

  /**
   * Creates the pool without connecting (a database that is down must not stop the daemon); the
   * embedded store's directory and file are created here, private to the user.
   */
  static Database create(StoreOptions options, java.time.Duration connectionTimeout) {
    return new Database(options, connectionTimeout);
  }

  private static HikariDataSource newPool(
      StoreOptions options, java.time.Duration connectionTimeout) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("history-store");
    // connect lazily and fail fast: a store that is down degrades recording, it never blocks it
    c.setInitializationFailTimeout(-1);
    c.setConnectionTimeout(Math.max(250, connectionTimeout.toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(2_000, connectionTimeout.toMillis())));
    if (options.kind() == StoreOptions.Kind.POSTGRES) {
      c.setJdbcUrl(options.url().orElseThrow());
      options.username().ifPresent(c::setUsername);
      options.password().ifPresent(p -> c.setPassword(p.reveal()));
      c.setMaximumPoolSize(4);
      c.addDataSourceProperty("connectTimeout", "5");
      c.addDataSourceProperty("socketTimeout", "30");
      c.addDataSourceProperty("tcpKeepAlive", "true");
      c.addDataSourceProperty("ApplicationName", "devpi-gitea-sync");
    } else {
      Path file = prepareFile(options.stateDir());
      c.setJdbcUrl("jdbc:sqlite:" + file);
      // WAL: the CLI's history command reads while the daemon writes
      c.addDataSourceProperty("journal_mode", "WAL");
      c.addDataSourceProperty("synchronous", "NORMAL");
      // another process holding the write lock (a sqlite3 shell, a backup) makes the store "down"
      // after the same wait as an unreachable PostgreSQL, never longer
      c.addDataSourceProperty(
          "busy_timeout", String.valueOf(Math.max(250, connectionTimeout.toMillis())));
      c.setMaximumPoolSize(3);
      // the writer needs one connection; reads (the dashboard, the history command) open more
      // when they come, and each idle SQLite connection costs a one-off run memory and time
      c.setMinimumIdle(1);
    }
    return new HikariDataSource(c);
  }

  private static Path prepareFile(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        if (isPosix(dir)) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Path file = dir.resolve(FILE_NAME);
      if (isPosix(dir)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException kept) {
          // an existing history file is reused as it is
        }
      }
      return file;
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the history store in state_dir " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isPosix(Path dir) {
    Path probe = dir.toAbsolutePath();
    while (probe != null && !Files.exists(probe)) {
      probe = probe.getParent();
    }
    try {
      return probe != null && Files.getFileStore(probe).supportsFileAttributeView("posix");
    } catch (IOException e) {
      return false;
    }
  }

  StoreOptions options() {
    return options;
  }

  private Path file() {
    return options.stateDir().resolve(FILE_NAME);
  }

  /**
   * Starts the embedded store over on a new file when its file was deleted or replaced while the
   * store was open. Open SQLite connections go on writing to the file they opened, so without this
   * every later row would go to a file nobody can read again. The pool is closed (a read in
   * progress fails once), the old file's write-ahead log is removed, a new pool makes the new file
   * private like the first, and the schema is made again. A no-op for PostgreSQL, and cheap enough
   * (one {@code stat}) to call before every batch.
   */
  void ensureFile() {
    if (isPostgres() || Objects.equals(fileKey(file()), fileKey)) {
      return;
    }
    synchronized (this) {
      Path file = file();
      if (Objects.equals(fileKey(file), fileKey)) {
        return;
      }
      log.warn(
          "The history store's file {} was deleted or replaced while the store was open; history"
              + " goes to {} from now on",
          file,
          Files.exists(file) ? "that file" : "a new file");
      // Every connection to the old file is closed first: SQLite removes the write-ahead log by
      // its name when the last connection closes, which must not be the new file's log.
      pool.close();
      try {
        Files.deleteIfExists(file.resolveSibling(FILE_NAME + "-wal"));
        Files.deleteIfExists(file.resolveSibling(FILE_NAME + "-shm"));
      } catch (IOException e) {
        throw new StoreUnavailableException(
            "cannot remove the old write-ahead log of " + file + ": " + e.getMessage(), e);
      }
      pool = newPool(options, connectionTimeout);
      migrated = false;
      fileKey = fileKey(file);
    }
  }

  /** The file's identity (device and inode on POSIX), or null when it is missing or has none. */
  private static @Nullable Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  boolean isPostgres() {
    return options.kind() == StoreOptions.Kind.POSTGRES;
  }

  /** A pooled connection; close it to give it back. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /**
   * A connection outside the pool, for the election's session-bound advisory lock: a pooled
   * connection may be handed to someone else or replaced by the pool.
   */
  Connection dedicatedConnection() throws SQLException {
    Properties p = new Properties();
    options.username().ifPresent(u -> p.setProperty("user", u));
    options.password().ifPresent(s -> p.setProperty("password", s.reveal()));
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "5");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "devpi-gitea-sync leader election");
    return DriverManager.getConnection(options.url().orElseThrow(), p);
  }

  boolean migrated() {
    return migrated;
  }

  /**
   * Brings the schema up to date (once per store; safe with several daemons, Flyway locks).
   *
   * @throws StoreUnavailableException when the database cannot be reached or migrated
   */
  void migrate() {
    if (migrated) {
      return;
    }
    synchronized (this) {
      if (migrated) {
        return;
      }
      if (schemaCurrent()) {
        migrated = true;
        return;
      }
      try {
        Flyway.configure(Database.class.getClassLoader())
            .dataSource(pool)
            .locations("classpath:db/migration")
            .table(SCHEMA_TABLE)
            .load()
            .migrate();
        migrated = true;
      } catch (FlywayException e) {
        throw new StoreUnavailableException(
            "history store schema migration failed: " + Errors.describe(e), e);
      }
    }
  }

  /**
   * Whether Flyway's history says every migration this build carries was applied (a newer build's
   * later ones may be there too, as Flyway itself ignores them). Any failure, such as a database
   * never migrated, leaves the decision to Flyway.
   */
  private boolean schemaCurrent() {
    try (Connection c = pool.getConnection()) {
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT version, success FROM " + SCHEMA_TABLE + " WHERE version IS NOT NULL")) {
        int applied = 0;
        while (rs.next()) {
          if (!rs.getBoolean(2)) {
            return false; // a failed migration: Flyway reports it
          }
          applied = Math.max(applied, majorVersion(rs.getString(1)));
        }
        return applied >= SCHEMA_VERSION;
      } catch (SQLException | RuntimeException e) {
        return false; // no schema history yet, or one this build cannot read
      }
    } catch (SQLException e) {
      // unreachable: Flyway would wait for a connection again and fail the same way
      throw new StoreUnavailableException(
          "history store schema migration failed: " + Errors.describe(e), e);
    }
  }

  private static int majorVersion(String version) {
    int dot = version.indexOf('.');
    return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
  }

  @Override
  public void close() {
    pool.close();
  }
}
