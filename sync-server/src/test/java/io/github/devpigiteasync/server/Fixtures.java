package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Shared test data: three mappings, canned reports and a recording fake pass. */
final class Fixtures {
  static final MappingInfo WEB = new MappingInfo("web", "acme", "acme/prod", "default");
  static final MappingInfo TOOLS = new MappingInfo("tools", "Acme", "acme/tools", "default");
  static final MappingInfo OTHER = new MappingInfo("other", "beta", "beta/prod", "default");
  static final List<MappingInfo> MAPPINGS = List.of(WEB, TOOLS, OTHER);
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  private Fixtures() {}

  static MappingReport ok(MappingInfo m, FileResult... files) {
    return new MappingReport(
        m.name(),
        m.organization(),
        m.index(),
        m.devpiServer(),
        Optional.empty(),
        List.of(files),
        T0,
        Duration.ofMillis(1500));
  }

  static MappingReport failed(MappingInfo m, String error) {
    return new MappingReport(
        m.name(),
        m.organization(),
        m.index(),
        m.devpiServer(),
        Optional.of(error),
        List.of(),
        T0,
        Duration.ofMillis(20));
  }

  static FileResult uploaded(String project, String version, String filename, long bytes) {
    return new FileResult(
        project, version, filename, FileResult.Outcome.UPLOADED, "", bytes, Duration.ofMillis(300));
  }

  static FileResult skipped(String project, String version, String filename, String reason) {
    return new FileResult(
        project, version, filename, FileResult.Outcome.SKIPPED, reason, 0, Duration.ZERO);
  }

  static SyncReport report(List<MappingReport> mappings) {
    return new SyncReport(T0, T0.plusSeconds(2), false, mappings);
  }

  static MappingPlan plan(MappingInfo m, PlannedFile... files) {
    return new MappingPlan(
        m.name(), m.organization(), m.index(), m.devpiServer(), List.of(files), Optional.empty());
  }

  static PlannedFile upload(String project, String version, String filename, long size) {
    return new PlannedFile(
        project,
        version,
        filename,
        size,
        "ab".repeat(32),
        PlannedFile.Action.UPLOAD,
        "",
        project,
        version);
  }

  static PlannedFile skip(String project, String version, String filename, String reason) {
    return new PlannedFile(
        project, version, filename, -1, "", PlannedFile.Action.SKIP, reason, project, version);
  }

  /** Polls until the condition holds; fails after 10 s (a hang guard, not a timing assertion). */
  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A pass that records the requested mapping sets and answers with per-mapping reports. */
  static final class RecordingPass implements Pass {
    final List<Set<String>> calls = new CopyOnWriteArrayList<>();
    volatile Function<MappingInfo, MappingReport> answer = m -> ok(m);

    @Override
    public SyncReport run(Set<String> mappings, SyncListener listener) {
      calls.add(mappings);
      List<MappingReport> reports = new ArrayList<>();
      for (MappingInfo m : MAPPINGS) {
        if (mappings.isEmpty() || mappings.contains(m.name())) {
          MappingReport r = answer.apply(m);
          listener.mappingFinished(r);
          reports.add(r);
        }
      }
      return report(reports);
    }
  }
}
