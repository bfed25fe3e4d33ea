package io.github.devpigiteasync.server;

import io.github.devpigiteasync.server.HealthReport.MappingHealth;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Read side of the server: the dashboard's data and the health verdict. Thread-safe. */
public final class ServerStatus {
  private final LiveState state;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Instant startedAt;
  private final String version;
  private final boolean dryRun;

  ServerStatus(LiveState state, Scheduler scheduler, Clock clock, String version, boolean dryRun) {
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
        state.runs());
  }

  /** The health verdict. */
  public HealthReport health() {
    int[] failedOutOf = state.failedOutOf();
    String status;
    if (!scheduler.running() || (failedOutOf[1] > 0 && failedOutOf[0] == failedOutOf[1])) {
      status = HealthReport.FAILING;
    } else if (failedOutOf[0] > 0) {
      status = HealthReport.DEGRADED;
    } else {
      status = HealthReport.OK;
    }
    List<MappingStatus> mappings = state.mappingStatuses(false);
    Instant now = clock.instant();
    return new HealthReport(
        status,
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
            .toList());
  }
}
