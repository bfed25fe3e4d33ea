package io.github.devpigiteasync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync history: one {@link RunRecord} per pass and one {@link HistoryEvent} per uploaded,
 * failed or conflicting file, in an embedded SQLite file or in PostgreSQL, pruned after {@code
 * history_days}. Recording goes through a bounded buffer written by a background thread, so a store
 * that is down never slows or stops syncing; {@link #health()} says when it is degraded.
 *
 * <pre>{@code
 * try (HistoryStore store = HistoryStore.open(StoreOptions.embedded(stateDir, 90))) {
 *   RunRecorder run = store.startRun(Set.of(Trigger.SCHEDULE));
 *   SyncReport report = engine.sync(selection, options, run);   // the recorder is a SyncListener
 *   run.finish(report);
 *   Page<HistoryEvent> page = store.events(HistoryQuery.builder().project("acme-core").build());
 * }
 * }</pre>
 *
 * <p>The schema is migrated when the store opens; if the database is unreachable then, the store
 * still opens (degraded) and migrates as soon as it can. A store is thread-safe.
 */
public final class HistoryStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);

  private final StoreOptions options;
  private final Clock clock;
  private final @Nullable Database db;
  private final @Nullable Writer writer;
  private final UnaryOperator<String> redaction;

  /**
   * The last id's milliseconds and counter ({@code millis << 12 | counter}); see {@link #newId}.
   */
  private final AtomicLong lastStamp = new AtomicLong();

  private HistoryStore(
      StoreOptions options,
      Clock clock,
      @Nullable Database db,
      @Nullable Writer writer,
      UnaryOperator<String> redaction) {
    this.options = options;
    this.clock = clock;
    this.db = db;
    this.writer = writer;
    this.redaction = redaction;
  }

  /**
   * Opens the store with default tuning; see {@link Builder#open()}.
   *
   * @throws StoreException when the embedded store's directory cannot be created
   */
  public static HistoryStore open(StoreOptions options) {
    return builder(options).open();
  }

  /** Starts configuring a store. */
  public static Builder builder(StoreOptions options) {
    return new Builder(options);
  }

  /** The options the store was opened with. */
  public StoreOptions options() {
    return options;
  }

  /** Whether anything is recorded ({@code false} for {@link StoreOptions.Kind#NONE}). */
  public boolean enabled() {
    return db != null;
  }

  /**
   * Starts recording a pass. Pass the recorder to the engine as its {@code SyncListener} (with
   * others through a fan-out listener), then call {@link RunRecorder#finish} or {@link
   * RunRecorder#fail} once. With the store off, the recorder records nothing.
   *
   * @param triggers what asked for the pass; at least one
   */
  public RunRecorder startRun(Set<Trigger> triggers) {
    if (triggers.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one trigger");
    }
    return new RunRecorder(newId(clock.millis()), triggers, clock, this::record, redaction);
  }

  private void record(Object row) {
    if (writer != null) {
      writer.offer(row);
    }
  }

  /**
   * One page of file events, newest first.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  public Page<HistoryEvent> events(HistoryQuery query) {
    Objects.requireNonNull(query, "query == null");
    if (db == null) {
      return new Page<>(List.of(), Optional.empty());
    }
    List<HistoryEvent> rows = read(c -> Sql.events(c, query, query.limit() + 1));
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, Optional.empty());
    }
    List<HistoryEvent> page = new ArrayList<>(rows.subList(0, query.limit()));
    return new Page<>(page, Optional.of(Cursor.after(page.get(page.size() - 1)).encode()));
  }

  /**
   * The most recent passes, newest first.
   *
   * @param limit how many, 1 to 1000
   * @throws StoreUnavailableException when the store cannot be read
   */
  public List<RunRecord> recentRuns(int limit) {
    if (limit < 1 || limit > HistoryQuery.MAX_LIMIT) {
      throw new HistoryQueryException(
          "limit must be between 1 and " + HistoryQuery.MAX_LIMIT + ": " + limit);
    }
    if (db == null) {
      return List.of();
    }
    return read(c -> Sql.recentRuns(c, limit));
  }

  /**
   * One pass by its id.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  public Optional<RunRecord> run(String id) {
    Objects.requireNonNull(id, "id == null");
    if (db == null) {
      return Optional.empty();
    }
    return read(c -> Sql.run(c, id));
  }

  /**
   * Hands a pass request to the leader (used by a standby for {@code POST /api/sync} and webhooks);
   * the leader's {@link LeaderElection} picks it up.
   *
   * @param mappings the mappings to sync; empty for all
   * @throws StoreUnavailableException when the request cannot be stored (answer 503: nothing was
   *     accepted)
   * @throws IllegalStateException when the store is not PostgreSQL (a single daemon runs the pass
   *     itself)
   */
  public TriggerRequest submitTrigger(Set<String> mappings, Trigger origin) {
    if (db == null || !db.isPostgres()) {
      throw new IllegalStateException("triggers are handed over only through a PostgreSQL store");
    }
    TriggerRequest t = new TriggerRequest(newId(clock.millis()), mappings, origin, clock.instant());
    write(
        c -> {
          Sql.insertTrigger(c, t);
          return null;
        });
    return t;
  }

  /** How recording is going: ok, degraded (with why and how much waits) or off. */
  public StoreHealth health() {
    if (writer == null) {
      return new StoreHealth(StoreHealth.Status.OFF, Optional.empty(), 0, 0);
    }
    Optional<String> failure = writer.failure();
    return new StoreHealth(
        failure.isPresent() ? StoreHealth.Status.DEGRADED : StoreHealth.Status.OK,
        failure.map(f -> "history store unavailable: " + f),
        writer.buffered(),
        writer.dropped());
  }

  /**
   * Waits until every row recorded so far is written (for one-off runs that exit right after).
   *
   * @return whether everything was written within the timeout
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    return writer == null || writer.flush(timeout);
  }

  /** Deletes rows older than {@code history_days} now; the store also does it daily. */
  int prune() throws SQLException {
    return writer == null ? 0 : writer.prune(clock.instant());
  }

  @Nullable Database database() {
    return db;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Writes what is buffered (waiting at most the close timeout while the database is down), then
   * releases the pool.
   */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private <T> T read(SqlFunction<T> f) {
    Database d = Objects.requireNonNull(db);
    try {
      d.migrate();
      try (Connection c = d.connection()) {
        return f.apply(c);
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException("history store unavailable: " + Errors.describe(e), e);
    }
  }

  private <T> T write(SqlFunction<T> f) {
    return read(f);
  }

  /**
   * A time-ordered UUID (version 7) whose 12 bits after the version count up within a millisecond
   * (RFC 9562, section 6.2, method 1): ids this store makes sort in creation order, as text too,
   * even when several are made in the same millisecond. A counter that overflows borrows the next
   * millisecond, so order wins over the clock by at most that.
   */
  String newId(long millis) {
    long stamp = lastStamp.updateAndGet(previous -> Math.max(previous + 1, millis << 12));
    long msb = ((stamp >>> 12) << 16) | 0x7000L | (stamp & 0x0fffL);
    long lsb =
        (UUID.randomUUID().getLeastSignificantBits() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  @FunctionalInterface
  private interface SqlFunction<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Configures and opens a {@link HistoryStore}. */
  public static final class Builder {
    private final StoreOptions options;
    private Clock clock = Clock.systemUTC();
    private int bufferCapacity = 10_000;
    private Duration minBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Duration connectionTimeout = Duration.ofSeconds(5);
    private UnaryOperator<String> redaction = UnaryOperator.identity();

    private Builder(StoreOptions options) {
      this.options = Objects.requireNonNull(options, "options == null");
    }

    /** The clock for event and run times (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Rows that may wait while the database is down (default 10,000); more are dropped. */
    public Builder bufferCapacity(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("bufferCapacity < 1: " + rows);
      }
      this.bufferCapacity = rows;
      return this;
    }

    /** Retry delays while the database is down (default 0.5 s doubling to 30 s). */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.minBackoff = Objects.requireNonNull(initial, "initial == null");
      this.maxBackoff = Objects.requireNonNull(max, "max == null");
      return this;
    }

    /**
     * How long taking a connection, or with the embedded store the file's write lock held by
     * another process, may wait before the database counts as unavailable (default 5 s, at least
     * 250 ms).
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Applied to every file event's reason and every pass error before it is stored, so that a
     * secret quoted in an error message (a token in a URL, a password in a server's answer) never
     * reaches the database. Default: unchanged.
     */
    public Builder redaction(UnaryOperator<String> redaction) {
      this.redaction = Objects.requireNonNull(redaction, "redaction == null");
      return this;
    }

    /** How long {@link #close()} keeps trying to write buffered rows (default 5 s). */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Opens the store and migrates its schema. A database that cannot be reached does not fail the
     * open: the store starts degraded and catches up when the database is back.
     *
     * @throws StoreException when the embedded store's directory or file cannot be created
     */
    public HistoryStore open() {
      if (options.kind() == StoreOptions.Kind.NONE) {
        return new HistoryStore(options, clock, null, null, redaction);
      }
      Database db = Database.create(options, connectionTimeout);
      Writer writer = new Writer(db, clock, bufferCapacity, minBackoff, maxBackoff, closeTimeout);
      try {
        db.migrate();
      } catch (StoreUnavailableException e) {
        log.warn("History store not ready at start, will retry: {}", Errors.describe(e));
        writer.failed(Errors.describe(e));
      }
      writer.start();
      return new HistoryStore(options, clock, db, writer, redaction);
    }
  }
}
