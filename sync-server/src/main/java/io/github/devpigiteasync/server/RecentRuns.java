package io.github.devpigiteasync.server;

import io.github.devpigiteasync.server.StatusSnapshot.RunSummary;
import io.github.devpigiteasync.store.RunRecord;
import io.github.devpigiteasync.store.StoreException;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.config.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent runs that {@code GET /api/status} and the dashboard show, kept in memory: the runs
 * this daemon records are added the moment they are recorded, and the history store (where other
 * daemons sharing it record theirs) is read again at most once per {@link #MAX_AGE}, by the first
 * request that finds the last read older than that. Every other request reads the published view
 * without locking and without touching the store.
 */
final class RecentRuns {
  private static final Logger log = LoggerFactory.getLogger(RecentRuns.class);

  /** How old the store's part of the view may get before a request reads the store again. */
  static final Duration MAX_AGE = Duration.ofSeconds(2);

  /** Where the runs are read from: the history store; tests wrap it to count the reads. */
  @FunctionalInterface
  interface Source {
    /**
     * The most recent runs, newest first.
     *
     * @throws StoreException when the store cannot be read
     */
    List<RunRecord> recentRuns(int limit);
  }

  private static final Comparator<RunRecord> NEWEST_FIRST =
      Comparator.comparing(RunRecord::started).thenComparing(RunRecord::id).reversed();

  private final Source source;
  private final Function<RunRecord, RunSummary> summary;
  private final Clock clock;
  private final int limit = LiveState.RUN_HISTORY;
  private final AtomicBoolean reading = new AtomicBoolean();
  // what readers see; replaced as a whole, never changed
  private final AtomicReference<View> view = new AtomicReference<>(View.UNREAD);

  /** Runs read from {@code source}, their errors redacted with {@code redactor}. */
  RecentRuns(Source source, Redactor redactor, Clock clock) {
    this.source = Objects.requireNonNull(source, "source == null");
    Objects.requireNonNull(redactor, "redactor == null");
    this.summary = r -> summary(r, redactor);
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  /**
   * The most recent runs, newest first; empty when the last read of the store failed (the caller
   * then shows what it keeps in memory). Reads the store only when the last read is older than
   * {@link #MAX_AGE}, and then on one request only: others meanwhile get the view as it is.
   */
  Optional<List<RunSummary>> runs() {
    View v = view.get();
    if (v.expired(clock.instant()) && reading.compareAndSet(false, true)) {
      try {
        v = read();
      } finally {
        reading.set(false);
      }
    }
    return v.failed() ? Optional.empty() : Optional.of(v.shown());
  }

  /** Adds a run this daemon recorded: shown at once, whether or not the store has it yet. */
  void recorded(RunRecord run) {
    Objects.requireNonNull(run, "run == null");
    view.updateAndGet(v -> v.withOwn(run, limit, summary));
  }

  private static RunSummary summary(RunRecord r, Redactor redactor) {
    RunRecord.Counts c = r.counts();
    return new RunSummary(
        r.id(),
        r.started(),
        r.finished(),
        r.duration().toMillis(),
        r.triggers().stream()
            .map(Trigger::wireName)
            .sorted()
            .collect(Collectors.joining(","))
            .toLowerCase(Locale.ROOT),
        r.mappings(),
        r.dryRun(),
        r.outcome() == RunRecord.Outcome.SUCCEEDED,
        c.uploaded() + c.present() + c.conflict() + c.failed() + c.skipped() + c.planned(),
        c.uploaded(),
        c.failed(),
        r.bytes(),
        r.error().map(redactor::redact).orElse(null));
  }

  private View read() {
    Instant at = clock.instant();
    List<RunRecord> stored;
    try {
      stored = List.copyOf(source.recentRuns(limit));
    } catch (StoreException e) {
      log.debug("Recent runs from memory: {}", e.getMessage());
      return view.updateAndGet(v -> v.failedAt(at));
    }
    return view.updateAndGet(v -> v.withStored(stored, at, limit, summary));
  }

  /**
   * One published view.
   *
   * @param stored the runs of the last successful store read
   * @param own the runs this daemon recorded that the last read did not return (the newest {@code
   *     limit})
   * @param readAt when the store was last read (or failed), null before the first read
   * @param failed whether the last read failed
   * @param shown stored and own runs merged, newest first, at most {@code limit}
   */
  private record View(
      List<RunRecord> stored,
      List<RunRecord> own,
      @Nullable Instant readAt,
      boolean failed,
      List<RunSummary> shown) {
    static final View UNREAD = new View(List.of(), List.of(), null, false, List.of());

    /** Whether the store must be read again: never read, too old, or the clock went back. */
    boolean expired(Instant now) {
      return readAt == null || now.isBefore(readAt) || !now.isBefore(readAt.plus(MAX_AGE));
    }

    View withOwn(RunRecord run, int limit, Function<RunRecord, RunSummary> summary) {
      List<RunRecord> mine = new ArrayList<>(own.size() + 1);
      mine.add(run);
      mine.addAll(own);
      mine.sort(NEWEST_FIRST);
      List<RunRecord> kept = List.copyOf(mine.subList(0, Math.min(limit, mine.size())));
      return new View(stored, kept, readAt, failed, merge(stored, kept, limit, summary));
    }

    View withStored(
        List<RunRecord> read, Instant at, int limit, Function<RunRecord, RunSummary> summary) {
      // own runs the read returned are the store's now (and go when it prunes them); the others
      // are still waiting to be written, or were recorded while it read
      Set<String> ids = read.stream().map(RunRecord::id).collect(Collectors.toSet());
      List<RunRecord> pending = own.stream().filter(r -> !ids.contains(r.id())).toList();
      return new View(read, pending, at, false, merge(read, pending, limit, summary));
    }

    View failedAt(Instant at) {
      return new View(stored, own, at, true, shown);
    }

    private static List<RunSummary> merge(
        List<RunRecord> stored,
        List<RunRecord> own,
        int limit,
        Function<RunRecord, RunSummary> summary) {
      // the store has this daemon's runs too once they are written: one entry per id
      Map<String, RunRecord> byId = new LinkedHashMap<>();
      for (RunRecord r : own) {
        byId.put(r.id(), r);
      }
      for (RunRecord r : stored) {
        byId.putIfAbsent(r.id(), r);
      }
      return byId.values().stream().sorted(NEWEST_FIRST).limit(limit).map(summary).toList();
    }
  }
}
