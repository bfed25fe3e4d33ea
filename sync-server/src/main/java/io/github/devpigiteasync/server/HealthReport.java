package io.github.devpigiteasync.server;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code GET /health}.
 *
 * @param status {@code ok} (no mapping's last run failed), {@code degraded} (some failed, or the
 *     history store cannot be written) or {@code failing} (all failed, or the scheduler is not
 *     running)
 * @param role {@code leader} or {@code standby} with a shared (PostgreSQL) store, else {@code
 *     single}
 * @param store how recording goes
 * @param uptimeSeconds seconds since the server started
 * @param lastRun when the last pass finished, or null
 * @param nextRun when the next scheduled pass starts, or null
 */
public record HealthReport(
    String status,
    String role,
    String version,
    long uptimeSeconds,
    Instant startedAt,
    boolean schedulerRunning,
    @Nullable Instant lastRun,
    @Nullable Instant nextRun,
    List<MappingHealth> mappings,
    StoreHealthView store) {

  /** Overall status values. */
  public static final String OK = "ok";

  public static final String DEGRADED = "degraded";
  public static final String FAILING = "failing";

  public HealthReport {
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(role, "role == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(store, "store == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    mappings = List.copyOf(mappings);
  }

  /**
   * The history store's health.
   *
   * @param status {@code ok}, {@code degraded} (events wait in memory) or {@code off}
   * @param reason why it is degraded, without secrets; null when ok
   * @param buffered rows waiting to be written
   * @param dropped rows lost because the buffer was full
   */
  public record StoreHealthView(
      String status, @Nullable String reason, int buffered, long dropped) {}

  /** One mapping's health. */
  public record MappingHealth(
      String name,
      String organization,
      String index,
      String state,
      @Nullable Instant lastRun,
      @Nullable Instant lastSuccess,
      @Nullable String lastError) {}
}
