package io.github.devpigiteasync.store;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Drives a {@link RunRecorder} the way the engine does, with real-shaped plans and results. */
final class Fixtures {
  private Fixtures() {}

  static PlannedFile planned(
      String project, String version, String filename, PlannedFile.Action a) {
    return new PlannedFile(
        project,
        version,
        filename,
        1234,
        sha(filename),
        a,
        a == PlannedFile.Action.CONFLICT ? "devpi holds different bytes" : "",
        project,
        version);
  }

  static String sha(String filename) {
    String hex = Integer.toHexString(filename.hashCode() & 0x7fffffff);
    return ("0".repeat(64 - hex.length()) + hex);
  }

  /** Plays one mapping's pass through the recorder and returns the engine's report. */
  static SyncReport pass(
      RunRecorder recorder,
      String mapping,
      String org,
      String index,
      List<PlannedFile> files,
      List<FileResult.Outcome> outcomes) {
    MappingPlan plan = new MappingPlan(mapping, org, index, "default", files, Optional.empty());
    recorder.mappingPlanned(plan);
    recorder.mappingStarted(plan);
    List<FileResult> results = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      PlannedFile f = files.get(i);
      FileResult.Outcome o = outcomes.get(i);
      FileResult r =
          new FileResult(
              f.project(),
              f.version(),
              f.filename(),
              o,
              o == FileResult.Outcome.FAILED ? "upload failed: HTTP 502" : f.reason(),
              o == FileResult.Outcome.UPLOADED ? f.size() : 0,
              Duration.ZERO);
      recorder.fileFinished(plan, r);
      results.add(r);
    }
    Instant now = recorder.started();
    MappingReport report =
        new MappingReport(
            mapping, org, index, "default", Optional.empty(), results, now, Duration.ofMillis(5));
    recorder.mappingFinished(report);
    return new SyncReport(now, now.plusMillis(5), false, List.of(report));
  }
}
