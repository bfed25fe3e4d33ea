package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.SyncListener;
import java.io.PrintWriter;
import java.util.Objects;

/** Progress for pipes and log files: one plain line per file outcome and per failed mapping. */
final class LineProgress implements SyncListener {
  private final PrintWriter out;

  LineProgress(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out == null");
  }

  @Override
  public void fileFinished(MappingPlan mapping, FileResult result) {
    StringBuilder sb =
        new StringBuilder()
            .append(mapping.mapping())
            .append(": ")
            .append(Formats.name(result.outcome()))
            .append(' ')
            .append(result.filename());
    if (result.outcome() == FileResult.Outcome.UPLOADED) {
      sb.append(" (")
          .append(Formats.bytes(result.bytes()))
          .append(", ")
          .append(Formats.duration(result.duration()))
          .append(')');
    }
    if (!result.reason().isEmpty()) {
      sb.append(": ").append(result.reason());
    }
    line(sb.toString());
  }

  @Override
  public void mappingFinished(MappingReport report) {
    report.error().ifPresent(e -> line(report.mapping() + ": mapping failed: " + e));
  }

  private void line(String s) {
    synchronized (out) {
      out.println(s);
      out.flush();
    }
  }
}
