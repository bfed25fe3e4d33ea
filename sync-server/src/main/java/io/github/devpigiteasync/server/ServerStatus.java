package io.github.devpigiteasync.server;

import io.github.devpigiteasync.server.HealthReport.MappingHealth;
import io.github.devpigiteasync.server.HealthReport.StoreHealthView;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import io.github.devpigiteasync.server.StatusSnapshot.RunSummary;
import io.github.devpigiteasync.store.HistoryEvent;
import io.github.devpigiteasync.store.HistoryQuery;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.Page;
import io.github.devpigiteasync.store.Role;
import io.github.devpigiteasync.store.RunRecord;
import io.github.devpigiteasync.store.StoreHealth;
import io.github.devpigiteasync.sync.config.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Read side of the server: the dashboard's data, the history and the health verdict. The
 * dashboard's recent runs come from the history store, so they survive restarts and a standby shows
 * the leader's; they are kept in memory ({@link RecentRuns}), so polling the status does not read
 * the store every time. While the store cannot be read they come from this daemon's memory.
 * Thread-safe.
 */
public final class ServerStatus {
  private final LiveState state;
  private final HistoryStore store;
  private final RecentRuns recent;
  private final Leadership leadership;
  private final Redactor redactor;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Instant startedAt;
  private final String version;
  private final boolean dryRun;

  ServerStatus(
      LiveState state,
      Scheduler scheduler,
      Clock clock,
      String version,
      boolean dryRun,
      Leadership leadership,
      Redactor redactor,
      RecentRuns recent) {
    this.leadership = Objects.requireNonNull(leadership, "leadership == null");
    this.redactor = Objects.requireNonNull(redactor, "redactor == null");
    this.recent = Objects.requireNonNull(recent, "recent == null");
    this.store = leadership.store();
    this.state = Objects.requireNonNull(state, "state == null");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.startedAt = clock.instant();
    this.version = Objects.requireNonNull(version, "version == null");
    this.dryRun = dryRun;
  }

  /** The dashboard's data; per-file lists only when {@code includeFiles}. */
  public StatusSnapshot snapshot(boolean includeFiles) {
    return new StatusSnapshot(
        version,
        clock.instant(),
        startedAt,
        dryRun,
        scheduler.running(),
        scheduler.passInProgress(),
        state.lastRun(),
        scheduler.nextRun().orElse(null),
        state.mappingStatuses(includeFiles),
        runs());
  }

  /**
   * The most recent passes, newest first: from memory, with the store's (other daemons') runs read
   * at most every {@link RecentRuns#MAX_AGE}; this daemon's own runs alone while the store is down.
   */
  private List<RunSummary> runs() {
    // degraded: the newest passes still wait in the buffer (a locked SQLite file reads fine)
    if (!store.enabled() || store.health().status() == StoreHealth.Status.DEGRADED) {
      return state.runs();
    }
    return recent.runs().orElseGet(state::runs);
  }

  /**
   * One page of the history, newest first, reasons redacted.
   *
   * @throws io.github.devpigiteasync.store.StoreUnavailableException when the store cannot be read
   */
  public Page<HistoryEvent> history(HistoryQuery query) {
    Page<HistoryEvent> page = store.events(query);
    return new Page<>(
        page.items().stream()
            .map(
                e ->
                    new HistoryEvent(
                        e.time(),
                        e.run(),
                        e.seq(),
                        e.mapping(),
                        e.organization(),
                        e.index(),
                        e.project(),
                        e.version(),
                        e.filename(),
                        e.sha256(),
                        e.bytes(),
                        e.outcome(),
                        redactor.redact(e.reason())))
            .toList(),
        page.next());
  }

  /**
   * The most recent passes, newest first, errors redacted.
   *
   * @throws io.github.devpigiteasync.store.StoreException when the limit is out of range or the
   *     store cannot be read
   */
  public List<RunRecord> recentRuns(int limit) {
    return store.recentRuns(limit).stream()
        .map(
            r ->
                new RunRecord(
                    r.id(),
                    r.triggers(),
                    r.started(),
                    r.finished(),
                    r.outcome(),
                    r.dryRun(),
                    r.mappings(),
                    r.counts(),
                    r.bytes(),
                    r.error().map(redactor::redact)))
        .toList();
  }

  /** This daemon's role now. */
  public Role role() {
    return leadership.role();
  }

  /** The health verdict. */
  public HealthReport health() {
    StoreHealth storeHealth = store.health();
    int[] failedOutOf = state.failedOutOf();
    String status;
    if (!scheduler.running() || (failedOutOf[1] > 0 && failedOutOf[0] == failedOutOf[1])) {
      status = HealthReport.FAILING;
    } else if (failedOutOf[0] > 0 || storeHealth.status() == StoreHealth.Status.DEGRADED) {
      status = HealthReport.DEGRADED;
    } else {
      status = HealthReport.OK;
    }
    List<MappingStatus> mappings = state.mappingStatuses(false);
    Instant now = clock.instant();
    return new HealthReport(
        status,
        leadership.role().wireName(),
        version,
        Math.max(0, Duration.between(startedAt, now).getSeconds()),
        startedAt,
        scheduler.running(),
        state.lastRun(),
        scheduler.nextRun().orElse(null),
        mappings.stream()
            .map(
                m ->
                    new MappingHealth(
                        m.name(),
                        m.organization(),
                        m.index(),
                        m.state(),
                        m.lastRun() == null
                            ? null
                            : m.lastRun().started().plusMillis(m.lastRun().durationMillis()),
                        m.lastSuccess(),
                        m.lastError()))
            .toList(),
        new StoreHealthView(
            storeHealth.status().name().toLowerCase(Locale.ROOT),
            storeHealth.reason().map(redactor::redact).orElse(null),
            storeHealth.buffered(),
            storeHealth.dropped()));
  }
}
