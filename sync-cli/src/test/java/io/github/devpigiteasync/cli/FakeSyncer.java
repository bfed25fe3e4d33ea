package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Mapping;
import io.github.devpigiteasync.sync.config.Selection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scripted engine: each selected mapping gets the files listed for it; uploads whose file name
 * contains {@code fail} fail, and a mapping listed in {@code brokenMappings} fails to plan.
 */
final class FakeSyncer implements Syncer {
  static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  private final Map<String, List<PlannedFile>> filesByMapping;
  private final List<String> brokenMappings;
  final List<Selection> planned = new ArrayList<>();
  final List<SyncOptions> options = new ArrayList<>();
  int applied;
  boolean closed;

  FakeSyncer(Map<String, List<PlannedFile>> filesByMapping, List<String> brokenMappings) {
    this.filesByMapping = filesByMapping;
    this.brokenMappings = brokenMappings;
  }

  static PlannedFile file(String filename, long size, PlannedFile.Action action, String reason) {
    String project = filename.substring(0, filename.indexOf('-'));
    return new PlannedFile(
        project, "1.0", filename, size, "ab".repeat(32), action, reason, project, "1.0");
  }

  @Override
  public SyncPlan plan(Selection selection, SyncOptions opts, SyncListener listener) {
    planned.add(selection);
    options.add(opts);
    List<MappingPlan> plans = new ArrayList<>();
    for (Mapping m : selection.mappings()) {
      boolean broken = brokenMappings.contains(m.name());
      MappingPlan p =
          new MappingPlan(
              m.name(),
              m.organization(),
              m.index(),
              m.devpiServer(),
              broken ? List.of() : filesByMapping.getOrDefault(m.name(), List.of()),
              broken
                  ? Optional.of("devpi at http://127.0.0.1:9/ is unreachable")
                  : Optional.empty());
      listener.mappingPlanned(p);
      plans.add(p);
    }
    return new SyncPlan(T0, opts, plans);
  }

  @Override
  public SyncReport apply(SyncPlan plan, SyncListener listener) {
    applied++;
    List<MappingReport> reports = new ArrayList<>();
    for (MappingPlan m : plan.mappings()) {
      listener.mappingStarted(m);
      List<FileResult> results = new ArrayList<>();
      for (PlannedFile f : m.files()) {
        FileResult r =
            switch (f.action()) {
              case UPLOAD -> {
                listener.fileStarted(m, f);
                listener.fileProgress(m, f, SyncListener.Phase.DOWNLOAD, f.size());
                listener.fileProgress(m, f, SyncListener.Phase.UPLOAD, f.size());
                yield f.filename().contains("fail")
                    ? result(f, FileResult.Outcome.FAILED, "devpi answered 500", 0)
                    : result(f, FileResult.Outcome.UPLOADED, "", f.size());
              }
              case PRESENT -> result(f, FileResult.Outcome.PRESENT, f.reason(), 0);
              case CONFLICT -> result(f, FileResult.Outcome.CONFLICT, f.reason(), 0);
              case SKIP -> result(f, FileResult.Outcome.SKIPPED, f.reason(), 0);
            };
        listener.fileFinished(m, r);
        results.add(r);
      }
      MappingReport report =
          new MappingReport(
              m.mapping(),
              m.organization(),
              m.index(),
              m.devpiServer(),
              m.error(),
              results,
              T0,
              Duration.ofMillis(1500));
      listener.mappingFinished(report);
      reports.add(report);
    }
    return new SyncReport(T0, T0.plusSeconds(2), false, reports);
  }

  @Override
  public SyncReport dryRunReport(SyncPlan plan) {
    List<MappingReport> reports = new ArrayList<>();
    for (MappingPlan m : plan.mappings()) {
      List<FileResult> results =
          m.files().stream()
              .map(
                  f ->
                      result(
                          f,
                          switch (f.action()) {
                            case UPLOAD -> FileResult.Outcome.PLANNED;
                            case PRESENT -> FileResult.Outcome.PRESENT;
                            case CONFLICT -> FileResult.Outcome.CONFLICT;
                            case SKIP -> FileResult.Outcome.SKIPPED;
                          },
                          f.reason(),
                          0))
              .toList();
      reports.add(
          new MappingReport(
              m.mapping(),
              m.organization(),
              m.index(),
              m.devpiServer(),
              m.error(),
              results,
              T0,
              Duration.ZERO));
    }
    return new SyncReport(T0, T0, true, reports);
  }

  private static FileResult result(
      PlannedFile f, FileResult.Outcome outcome, String reason, long bytes) {
    return new FileResult(
        f.project(),
        f.version(),
        f.filename(),
        outcome,
        reason,
        bytes,
        bytes > 0 ? Duration.ofMillis(400) : Duration.ZERO);
  }

  @Override
  public void close() {
    closed = true;
  }
}
