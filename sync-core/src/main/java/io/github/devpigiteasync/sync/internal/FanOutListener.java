package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;

/** Sends every event to two listeners, in order: what {@link SyncListener#andThen} returns. */
public final class FanOutListener implements SyncListener {
  private final SyncListener first;
  private final SyncListener second;

  public FanOutListener(SyncListener first, SyncListener second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void mappingPlanned(MappingPlan plan) {
    first.mappingPlanned(plan);
    second.mappingPlanned(plan);
  }

  @Override
  public void mappingStarted(MappingPlan plan) {
    first.mappingStarted(plan);
    second.mappingStarted(plan);
  }

  @Override
  public void fileStarted(MappingPlan mapping, PlannedFile file) {
    first.fileStarted(mapping, file);
    second.fileStarted(mapping, file);
  }

  @Override
  public void fileProgress(MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
    first.fileProgress(mapping, file, phase, bytesDone);
    second.fileProgress(mapping, file, phase, bytesDone);
  }

  @Override
  public void fileFinished(MappingPlan mapping, FileResult result) {
    first.fileFinished(mapping, result);
    second.fileFinished(mapping, result);
  }

  @Override
  public void mappingFinished(MappingReport report) {
    first.mappingFinished(report);
    second.mappingFinished(report);
  }
}
