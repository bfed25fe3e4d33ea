package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A live one-line progress display for a terminal: files and bytes done/total of the mapping being
 * synced and the file in flight, redrawn in place with {@code \r} at most every {@link
 * #MIN_REDRAW_NANOS}.
 */
final class TerminalProgress implements SyncListener {
  /** At most ten redraws per second. */
  static final long MIN_REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final int MAX_WIDTH = 79;

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final Object lock = new Object();

  // guarded by lock
  private String mapping = "";
  private long totalFiles;
  private long totalBytes;
  private long doneFiles;
  private long doneBytes;
  private final Map<String, Long> inFlight = new HashMap<>();
  private String current = "";
  private int lastWidth;
  private long lastDraw;
  private boolean drawn;

  TerminalProgress(PrintWriter out, LongSupplier nanoTime) {
    this.out = Objects.requireNonNull(out, "out == null");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime == null");
  }

  @Override
  public void mappingStarted(MappingPlan plan) {
    synchronized (lock) {
      mapping = plan.mapping();
      totalFiles = plan.count(PlannedFile.Action.UPLOAD);
      totalBytes = plan.bytesToUpload();
      doneFiles = 0;
      doneBytes = 0;
      inFlight.clear();
      current = "";
      draw(true);
    }
  }

  @Override
  public void fileStarted(MappingPlan plan, PlannedFile file) {
    synchronized (lock) {
      current = file.filename();
      inFlight.put(file.filename(), 0L);
      draw(false);
    }
  }

  @Override
  public void fileProgress(MappingPlan plan, PlannedFile file, Phase phase, long bytesDone) {
    synchronized (lock) {
      // a staged transfer moves each byte twice (each phase is half of the file), a streamed one
      // once
      long size = Math.max(0, file.size());
      long done =
          switch (phase) {
            case DOWNLOAD -> bytesDone / 2;
            case UPLOAD -> size / 2 + bytesDone / 2;
            case TRANSFER -> bytesDone;
          };
      inFlight.put(file.filename(), Math.min(size, done));
      current = file.filename();
      draw(false);
    }
  }

  @Override
  public void fileFinished(MappingPlan plan, FileResult result) {
    synchronized (lock) {
      if (inFlight.remove(result.filename()) == null) {
        return; // skipped, present or conflicting files are not part of the transfer totals
      }
      doneFiles++;
      doneBytes +=
          plan.files().stream()
              .filter(f -> f.filename().equals(result.filename()))
              .mapToLong(f -> Math.max(0, f.size()))
              .findFirst()
              .orElse(0);
      if (current.equals(result.filename())) {
        current = inFlight.keySet().stream().findFirst().orElse("");
      }
      draw(false);
    }
  }

  @Override
  public void mappingFinished(MappingReport report) {
    synchronized (lock) {
      if (!drawn || !mapping.equals(report.mapping())) {
        return;
      }
      current = "";
      inFlight.clear();
      draw(true);
      out.print('\n');
      out.flush();
      drawn = false;
      lastWidth = 0;
    }
  }

  private void draw(boolean force) {
    long now = nanoTime.getAsLong();
    if (!force && drawn && now - lastDraw < MIN_REDRAW_NANOS) {
      return;
    }
    long bytes = doneBytes + inFlight.values().stream().mapToLong(Long::longValue).sum();
    String line =
        mapping
            + ": "
            + doneFiles
            + "/"
            + totalFiles
            + " files, "
            + Formats.bytes(Math.min(bytes, totalBytes))
            + "/"
            + Formats.bytes(totalBytes);
    if (!current.isEmpty()) {
      line = line + "  " + current;
    }
    if (line.length() > MAX_WIDTH) {
      line = line.substring(0, MAX_WIDTH - 1) + "~";
    }
    StringBuilder sb = new StringBuilder(MAX_WIDTH + 1).append('\r').append(line);
    for (int i = line.length(); i < lastWidth; i++) {
      sb.append(' ');
    }
    out.print(sb);
    out.flush();
    lastWidth = line.length();
    lastDraw = now;
    drawn = true;
  }
}
