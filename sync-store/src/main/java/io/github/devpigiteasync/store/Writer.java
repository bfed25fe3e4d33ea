package io.github.devpigiteasync.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes runs and events from a bounded buffer on its own thread, so recording never waits for the
 * database: when it is down, rows wait (up to the buffer's capacity, then the newest are dropped
 * and counted) and the writer retries with capped backoff. It also prunes old rows daily.
 */
final class Writer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Writer.class);
  private static final int MAX_BATCH = 500;

  /**
   * How long a batch waits for more rows after its first: a first sync reports hundreds of files a
   * second, and one transaction per few rows cost a one-off run more CPU than the rest of its
   * recording. Closing and {@link #flush} cut the wait short.
   */
  static final Duration LINGER = Duration.ofMillis(200);

  private static final Duration PRUNE_EVERY = Duration.ofDays(1);
  private static final Duration TRIGGERS_KEPT = Duration.ofDays(1);

  /** Wakes the writer when it is closed, so that a one-off run does not wait out a poll. */
  private static final Object WAKE = new Object();

  private final Database db;
  private final Clock clock;
  private final BlockingQueue<Object> queue;
  private final int batchSize;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Duration closeTimeout;
  private final AtomicLong dropped = new AtomicLong();
  private final Object monitor = new Object();
  private final Thread thread;

  /** Rows offered and not yet written or given up. */
  private final AtomicInteger pending = new AtomicInteger();

  private volatile int flushing;
  private volatile @Nullable String failure;
  private volatile boolean closing;
  private Instant nextPrune = Instant.MIN;

  Writer(
      Database db,
      Clock clock,
      int capacity,
      Duration minBackoff,
      Duration maxBackoff,
      Duration closeTimeout) {
    this.db = db;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.batchSize = Math.min(MAX_BATCH, capacity);
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.closeTimeout = closeTimeout;
    this.thread = new Thread(this::loop, "history-writer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues a row; never blocks. A full buffer drops the row and counts it. */
  void offer(Object row) {
    pending.incrementAndGet();
    if (closing || !queue.offer(row)) {
      pending.decrementAndGet();
      if (dropped.incrementAndGet() == 1) {
        log.warn("History buffer full or closed; history rows are being dropped");
      }
    }
  }

  void failed(String reason) {
    failure = reason;
  }

  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  int buffered() {
    return Math.max(0, pending.get());
  }

  long dropped() {
    return dropped.get();
  }

  /** Waits until everything queued so far is written, or the timeout passes. */
  boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      flushing++;
      try {
        while (buffered() > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        }
      } finally {
        flushing--;
      }
    }
    return true;
  }

  private void loop() {
    List<Object> batch = new ArrayList<>();
    Duration backoff = minBackoff;
    long closeDeadline = Long.MAX_VALUE;
    while (true) {
      if (closing && closeDeadline == Long.MAX_VALUE) {
        closeDeadline = System.nanoTime() + closeTimeout.toNanos();
      }
      if (batch.isEmpty()) {
        if (closing && queue.isEmpty()) {
          break;
        }
        Object first;
        try {
          first = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          break;
        }
        if (first == WAKE) {
          continue;
        }
        if (first == null) {
          if (closing) {
            break;
          }
          pruneWhenDue();
          continue;
        }
        batch.add(first);
        linger(batchSize - 1);
        queue.drainTo(batch, batchSize - 1);
        batch.removeIf(row -> row == WAKE);
        if (batch.isEmpty()) {
          continue;
        }
      }
      try {
        write(batch);
        pending.addAndGet(-batch.size());
        batch.clear();
        if (failure != null) {
          log.info("History store reachable again; buffered rows written");
        }
        failure = null;
        backoff = minBackoff;
        synchronized (monitor) {
          monitor.notifyAll();
        }
      } catch (SQLException | StoreUnavailableException e) {
        String reason = Errors.describe(e);
        if (failure == null) {
          log.warn("History store unavailable, buffering rows: {}", reason);
        }
        failure = reason;
        if (System.nanoTime() >= closeDeadline) {
          break;
        }
        try {
          Thread.sleep(Math.min(backoff.toMillis(), remainingMillis(closeDeadline)));
        } catch (InterruptedException ie) {
          break;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
    long lost = batch.size() + queue.stream().filter(row -> row != WAKE).count();
    if (lost > 0) {
      log.warn("History store closed with {} rows not written", lost);
    }
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  /**
   * Waits up to {@link #LINGER} for the queue to fill a batch, unless the writer is closing or
   * someone waits for the rows. It only waits: rows stay in the queue, whose capacity still bounds
   * what waits.
   */
  private void linger(int rows) {
    long end = System.nanoTime() + LINGER.toNanos();
    while (queue.size() < rows && !closing && flushing == 0) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        // short naps, so that a flush or close does not wait for the whole linger
        Thread.sleep(Math.min(20, TimeUnit.NANOSECONDS.toMillis(left) + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long remainingMillis(long deadline) {
    if (deadline == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private void write(List<Object> batch) throws SQLException {
    db.ensureFile();
    db.migrate();
    List<HistoryEvent> events = new ArrayList<>();
    List<RunRecord> runs = new ArrayList<>();
    for (Object row : batch) {
      if (row instanceof HistoryEvent e) {
        events.add(e);
      } else {
        runs.add((RunRecord) row);
      }
    }
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        Sql.insertEvents(c, events);
        Sql.insertRuns(c, runs);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private void pruneWhenDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextPrune) || failure != null) {
      return;
    }
    try {
      int rows = prune(now);
      if (rows > 0) {
        log.info("Pruned {} history rows older than {} days", rows, db.options().historyDays());
      }
      nextPrune = now.plus(PRUNE_EVERY);
    } catch (SQLException | StoreUnavailableException e) {
      log.debug("History pruning failed, retrying later: {}", Errors.describe(e));
      nextPrune = now.plus(Duration.ofMinutes(5));
    }
  }

  int prune(Instant now) throws SQLException {
    db.migrate();
    try (Connection c = db.connection()) {
      return Sql.prune(
          c, now.minus(Duration.ofDays(db.options().historyDays())), now.minus(TRIGGERS_KEPT));
    }
  }

  /** Stops taking rows, writes what is buffered (bounded by the close timeout) and stops. */
  @Override
  public void close() {
    closing = true;
    queue.offer(WAKE); // a full queue keeps the writer busy anyway
    try {
      thread.join(closeTimeout.toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }
}
