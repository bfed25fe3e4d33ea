package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Splits each transfer's time from the engine's events: download (start to the last download
 * progress; streamed: to the first byte), the gap before the upload (staged: closing the staged
 * file, which on some file systems waits for its dirty pages, and reading its metadata), the upload
 * body (streamed: the whole one-pass transfer), and the wait for devpi's answer (last upload
 * progress to the file's outcome). Times are summed over files, so with several transfers in
 * parallel they add up to more than the wall time.
 */
final class PhaseTimes implements SyncListener {
  /** Seconds summed over all files. */
  record Totals(double download, double beforeUpload, double upload, double devpiAnswer) {}

  private static final class Marks {
    volatile long started;
    volatile long lastDownload;
    volatile long firstUpload;
    volatile long lastUpload;
    volatile long finished;
  }

  private final Map<String, Marks> files = new ConcurrentHashMap<>();

  @Override
  public void fileStarted(MappingPlan mapping, PlannedFile file) {
    files.computeIfAbsent(file.filename(), k -> new Marks()).started = System.nanoTime();
  }

  @Override
  public void fileProgress(MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
    Marks m = files.computeIfAbsent(file.filename(), k -> new Marks());
    long now = System.nanoTime();
    if (phase == Phase.DOWNLOAD) {
      m.lastDownload = now;
    } else {
      if (phase == Phase.TRANSFER && m.lastDownload == 0) {
        // streamed: the download and the upload body are one; count the wait for the first byte
        m.lastDownload = now;
      }
      if (m.firstUpload == 0) {
        m.firstUpload = now;
      }
      m.lastUpload = now;
    }
  }

  @Override
  public void fileFinished(MappingPlan mapping, FileResult result) {
    Marks m = files.get(result.filename());
    if (m != null) {
      m.finished = System.nanoTime();
    }
  }

  Totals totals() {
    long download = 0;
    long before = 0;
    long upload = 0;
    long answer = 0;
    for (Marks m : files.values()) {
      if (m.started == 0 || m.lastDownload == 0 || m.firstUpload == 0 || m.finished == 0) {
        continue;
      }
      download += m.lastDownload - m.started;
      before += m.firstUpload - m.lastDownload;
      upload += m.lastUpload - m.firstUpload;
      answer += m.finished - m.lastUpload;
    }
    return new Totals(download / 1e9, before / 1e9, upload / 1e9, answer / 1e9);
  }
}
