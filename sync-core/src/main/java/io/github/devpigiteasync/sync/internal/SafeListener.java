package io.github.devpigiteasync.sync.internal;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes events on and keeps a listener's exception from breaking a pass (it is logged and
 * dropped).
 */
final class SafeListener implements SyncListener {
  private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

  private final SyncListener delegate;

  private SafeListener(SyncListener delegate) {
    this.delegate = delegate;
  }

  static SyncListener wrap(SyncListener listener) {
    return listener instanceof SafeListener ? listener : new SafeListener(listener);
  }

  private void guard(String event, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("Sync listener failed on {}; ignored", event, e);
    }
  }

  @Override
  public void mappingPlanned(MappingPlan plan) {
    guard("mappingPlanned", () -> delegate.mappingPlanned(plan));
  }

  @Override
  public void mappingStarted(MappingPlan plan) {
    guard("mappingStarted", () -> delegate.mappingStarted(plan));
  }

  @Override
  public void fileStarted(MappingPlan mapping, PlannedFile file) {
    guard("fileStarted", () -> delegate.fileStarted(mapping, file));
  }

  @Override
  public void fileProgress(MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
    guard("fileProgress", () -> delegate.fileProgress(mapping, file, phase, bytesDone));
  }

  @Override
  public void fileFinished(MappingPlan mapping, FileResult result) {
    guard("fileFinished", () -> delegate.fileFinished(mapping, result));
  }

  @Override
  public void mappingFinished(MappingReport report) {
    guard("mappingFinished", () -> delegate.mappingFinished(report));
  }
}
