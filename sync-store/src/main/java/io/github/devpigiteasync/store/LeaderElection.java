package io.github.devpigiteasync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of the daemons sharing one PostgreSQL store runs passes: the one holding a
 * PostgreSQL session advisory lock on a dedicated connection. With an embedded store (or none) the
 * role is always {@link Role#SINGLE}.
 *
 * <p>The leader checks its lock every {@code checkInterval}; it counts as leader only while its
 * last successful check is younger than the lease ({@code 3 × checkInterval}), so a leader that
 * loses its connection stops starting passes even before it notices. A daemon that acquires the
 * lock waits one lease before it becomes leader, so the previous leader's lease has run out by
 * then: two daemons never both believe they lead. The leader's session asks PostgreSQL to end it
 * after {@code 8 s} idle, so a leader that vanished without closing its connection loses the lock
 * in seconds, not after the TCP keep-alive timeout. Takeover therefore takes at most about {@code
 * checkInterval + lease} after the leader's session ends (about 4 s with the default 1 s interval)
 * and about 12 s when the leader's host vanishes.
 *
 * <p>While leader, it also claims the pass requests that standbys stored ({@link
 * HistoryStore#submitTrigger}) and hands them to the trigger handler, every {@code pollInterval}.
 *
 * <pre>{@code
 * LeaderElection election = LeaderElection.builder(store)
 *     .onRoleChange(role -> { if (role != Role.LEADER) scheduler.cancelRunningPass(); })
 *     .onTrigger(t -> scheduler.request(t.mappings(), t.origin()))
 *     .start();
 * if (election.isLeader()) { runPass(); }
 * }</pre>
 */
public final class LeaderElection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  /** The advisory lock key every daemon uses unless told otherwise: ASCII {@code devpigit}. */
  public static final long DEFAULT_LOCK_KEY = 0x6465767069676974L;

  private final @Nullable HistoryStore store;
  private final @Nullable ConnectionSource connections;
  private final long lockKey;
  private final long checkNanos;
  private final long leaseNanos;
  private final Duration pollInterval;
  private final Consumer<Role> roleListener;
  private final Consumer<TriggerRequest> triggerHandler;
  private final @Nullable ScheduledExecutorService executor;
  private final Object lock = new Object();

  // guarded by lock
  private @Nullable Connection session;
  private boolean holdsLock;
  private long acquiredAt;
  private long confirmedAt;
  private Role notified;
  private boolean closed;

  private LeaderElection(Builder b, boolean postgres) {
    this.store = postgres ? b.store : null;
    this.connections = postgres ? b.connections : null;
    this.lockKey = b.lockKey;
    this.checkNanos = b.checkInterval.toNanos();
    this.leaseNanos = b.checkInterval.toNanos() * 3;
    this.pollInterval = b.pollInterval;
    this.roleListener = b.roleListener;
    this.triggerHandler = b.triggerHandler;
    this.notified = postgres ? Role.STANDBY : Role.SINGLE;
    this.executor = postgres ? Executors.newScheduledThreadPool(3, LeaderElection::thread) : null;
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "leader-election");
    t.setDaemon(true);
    return t;
  }

  /** Starts configuring an election over {@code store}. */
  public static Builder builder(HistoryStore store) {
    return new Builder(store);
  }

  /**
   * This daemon's role now: {@code SINGLE} without PostgreSQL; {@code LEADER} only while the lock
   * is held, confirmed within the lease and the takeover wait is over.
   */
  public Role role() {
    if (executor == null) {
      return Role.SINGLE;
    }
    synchronized (lock) {
      return currentRole(System.nanoTime());
    }
  }

  /** Whether this daemon may start a pass now ({@code LEADER} or {@code SINGLE}). */
  public boolean isLeader() {
    Role r = role();
    return r == Role.LEADER || r == Role.SINGLE;
  }

  private Role currentRole(long now) {
    if (closed || !holdsLock) {
      return Role.STANDBY;
    }
    boolean waited = now - acquiredAt >= leaseNanos;
    boolean fresh = now - confirmedAt < leaseNanos;
    return waited && fresh ? Role.LEADER : Role.STANDBY;
  }

  private void start() {
    if (executor == null) {
      return;
    }
    executor.scheduleWithFixedDelay(this::check, 0, checkNanos, TimeUnit.NANOSECONDS);
    // a separate task, so that a check stuck on a dead connection still lets the role lapse
    executor.scheduleWithFixedDelay(
        this::notifyIfChanged, checkNanos / 4, checkNanos / 4, TimeUnit.NANOSECONDS);
    executor.scheduleWithFixedDelay(
        this::pollTriggers, pollInterval.toNanos(), pollInterval.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void check() {
    try {
      Connection c;
      synchronized (lock) {
        if (closed) {
          return;
        }
        c = session;
      }
      if (c == null) {
        c = Objects.requireNonNull(connections).open();
        prepare(c);
        synchronized (lock) {
          session = c;
        }
      }
      boolean held = holdsLock() ? stillHeld(c) : tryAcquire(c);
      long now = System.nanoTime();
      synchronized (lock) {
        if (held && !holdsLock) {
          acquiredAt = now;
          log.info("Acquired the leader lock; leading after {} ms", leaseNanos / 1_000_000);
        } else if (!held && holdsLock) {
          log.warn("Lost the leader lock; no new passes start here");
        }
        holdsLock = held;
        if (held) {
          confirmedAt = now;
        }
      }
    } catch (SQLException | RuntimeException e) {
      loseSession(Errors.describe(e));
    }
    notifyIfChanged();
  }

  private boolean holdsLock() {
    synchronized (lock) {
      return holdsLock;
    }
  }

  private void prepare(Connection c) throws SQLException {
    c.setAutoCommit(true);
    long idleMillis = Math.max(8_000, TimeUnit.NANOSECONDS.toMillis(checkNanos) * 4);
    try (Statement s = c.createStatement()) {
      // PostgreSQL 14+: end the session if this daemon stops talking (host gone, process frozen),
      // which releases the lock long before TCP would notice
      s.execute("SET idle_session_timeout = " + idleMillis);
    } catch (SQLException olderServer) {
      log.debug("idle_session_timeout not supported: {}", olderServer.getMessage());
    }
  }

  private boolean tryAcquire(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      p.setQueryTimeout(5);
      p.setLong(1, lockKey);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private boolean stillHeld(Connection c) throws SQLException {
    // a bigint key is stored as classid (high 32 bits) and objid (low 32 bits), objsubid 1
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = pg_backend_pid() AND objsubid = 1"
                + " AND classid = ? AND objid = ?")) {
      p.setQueryTimeout(5);
      p.setLong(1, lockKey >>> 32);
      p.setLong(2, lockKey & 0xffffffffL);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getLong(1) > 0;
      }
    }
  }

  private void loseSession(String reason) {
    Connection c;
    boolean wasHolding;
    synchronized (lock) {
      c = session;
      session = null;
      wasHolding = holdsLock;
      holdsLock = false;
    }
    if (wasHolding) {
      log.warn("Leader connection lost, stepping down: {}", reason);
    } else {
      log.debug("Leader election connection failed: {}", reason);
    }
    closeQuietly(c);
  }

  private void notifyIfChanged() {
    Role now;
    synchronized (lock) {
      now = currentRole(System.nanoTime());
      if (now == notified) {
        return;
      }
      notified = now;
    }
    log.info("Role is now {}", now.wireName());
    try {
      roleListener.accept(now);
    } catch (RuntimeException e) {
      log.warn("Role listener failed", e);
    }
  }

  private void pollTriggers() {
    if (role() != Role.LEADER) {
      return;
    }
    HistoryStore s = Objects.requireNonNull(store);
    List<TriggerRequest> claimed;
    try {
      Database db = Objects.requireNonNull(s.database());
      db.migrate();
      try (Connection c = db.connection()) {
        claimed = Sql.claimTriggers(c);
      }
    } catch (SQLException | StoreUnavailableException e) {
      log.debug("Polling pass requests failed: {}", Errors.describe(e));
      return;
    }
    for (TriggerRequest t : claimed) {
      log.info("Pass requested through a standby: {} {}", t.origin().wireName(), t.mappings());
      try {
        triggerHandler.accept(t);
      } catch (RuntimeException e) {
        log.warn("Trigger handler failed", e);
      }
    }
  }

  /** Releases the lock (a standby takes over within its check interval) and stops. */
  @Override
  public void close() {
    Connection c;
    synchronized (lock) {
      closed = true;
      c = session;
      session = null;
      holdsLock = false;
    }
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // closing the session releases its advisory locks
    closeQuietly(c);
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      log.debug("Closing the election connection failed: {}", e.getMessage());
    }
  }

  /** Opens the election's dedicated connection; tests substitute one they can break. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  /** Configures and starts a {@link LeaderElection}. */
  public static final class Builder {
    private final HistoryStore store;
    private @Nullable ConnectionSource connections;
    private long lockKey = DEFAULT_LOCK_KEY;
    private Duration checkInterval = Duration.ofSeconds(1);
    private Duration pollInterval = Duration.ofMillis(500);
    private Consumer<Role> roleListener = r -> {};
    private Consumer<TriggerRequest> triggerHandler = t -> {};

    private Builder(HistoryStore store) {
      this.store = Objects.requireNonNull(store, "store == null");
      Database db = store.database();
      if (db != null && db.isPostgres()) {
        this.connections = db::dedicatedConnection;
      }
    }

    /** Called on the election's thread whenever the role changes. */
    public Builder onRoleChange(Consumer<Role> listener) {
      this.roleListener = Objects.requireNonNull(listener, "listener == null");
      return this;
    }

    /** Called on the leader with each pass request a standby stored. */
    public Builder onTrigger(Consumer<TriggerRequest> handler) {
      this.triggerHandler = Objects.requireNonNull(handler, "handler == null");
      return this;
    }

    /**
     * How often the lock is checked or tried (default 1 s, at least 100 ms); the lease is three
     * intervals.
     */
    public Builder checkInterval(Duration interval) {
      if (interval.toMillis() < 100) {
        throw new IllegalArgumentException("checkInterval below 100 ms: " + interval);
      }
      this.checkInterval = interval;
      return this;
    }

    /** How often the leader looks for pass requests (default 500 ms). */
    public Builder pollInterval(Duration interval) {
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("pollInterval below 10 ms: " + interval);
      }
      this.pollInterval = interval;
      return this;
    }

    /** The advisory lock key; daemons that should elect one leader among them share it. */
    public Builder lockKey(long key) {
      this.lockKey = key;
      return this;
    }

    Builder connections(ConnectionSource source) {
      this.connections = Objects.requireNonNull(source, "source == null");
      return this;
    }

    /** Starts electing (in the background); the role starts as standby with PostgreSQL. */
    public LeaderElection start() {
      LeaderElection e = new LeaderElection(this, connections != null);
      e.start();
      return e;
    }
  }
}
