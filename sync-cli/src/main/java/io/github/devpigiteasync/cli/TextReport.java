package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.PlannedFile.Action;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a pass's summary table and a dry run's plan as plain text. */
final class TextReport {
  private static final String[] HEADER = {
    "mapping", "index", "uploaded", "present", "conflict", "skipped", "failed", "bytes", "time"
  };

  private TextReport() {}

  /** A summary table, one row per mapping, then every mapping error, failed file and conflict. */
  static void summary(SyncReport report, PrintWriter out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (MappingReport m : report.mappings()) {
      rows.add(
          new String[] {
            m.mapping(),
            m.index(),
            Long.toString(m.count(Outcome.UPLOADED)),
            Long.toString(m.count(Outcome.PRESENT)),
            Long.toString(m.count(Outcome.CONFLICT)),
            Long.toString(m.count(Outcome.SKIPPED)),
            m.error().isPresent() ? "mapping" : Long.toString(m.count(Outcome.FAILED)),
            Formats.bytes(m.bytesUploaded()),
            Formats.duration(m.duration())
          });
    }
    table(rows, out);

    for (MappingReport m : report.mappings()) {
      m.error().ifPresent(e -> out.println(m.mapping() + ": mapping failed: " + e));
      for (FileResult f : m.files()) {
        if (f.outcome() == Outcome.FAILED || f.outcome() == Outcome.CONFLICT) {
          out.println(
              m.mapping()
                  + ": "
                  + Formats.name(f.outcome())
                  + " "
                  + f.filename()
                  + (f.reason().isEmpty() ? "" : ": " + f.reason()));
        }
      }
    }
    long failedMappings = report.mappings().stream().filter(m -> !m.succeeded()).count();
    out.println(
        String.format(
            Locale.ROOT,
            "%s: %d uploaded (%s), %d failed, %d of %d mappings failed, in %s",
            report.succeeded() ? "OK" : "FAILED",
            report.count(Outcome.UPLOADED),
            Formats.bytes(report.bytesUploaded()),
            report.count(Outcome.FAILED),
            failedMappings,
            report.mappings().size(),
            Formats.duration(report.duration())));
    out.flush();
  }

  /**
   * A planned file's reason, naming this command's flags where the engine's reason concerns one.
   */
  static String reason(PlannedFile f, SyncPlan plan) {
    return switch (f.reasonCode()) {
      case DIFFERENT_BYTES -> f.reason() + "; use --force to overwrite";
      case PACKAGE_FILTER ->
          "package name does not match --package-filter "
              + String.join(", ", plan.options().packageFilters());
      default -> f.reason();
    };
  }

  /**
   * A dry run's plan: per mapping the files to upload, the conflicts and every skipped file with
   * its reason.
   */
  static void plan(SyncPlan plan, PrintWriter out) {
    for (MappingPlan m : plan.mappings()) {
      out.println(
          String.format(
              Locale.ROOT,
              "mapping %s (%s -> %s on %s)",
              m.mapping(),
              m.organization(),
              m.index(),
              m.devpiServer()));
      if (m.error().isPresent()) {
        out.println("  failed: " + m.error().get());
        continue;
      }
      out.println(
          String.format(
              Locale.ROOT,
              "  %d to upload (%s), %d present, %d conflicts, %d skipped",
              m.count(Action.UPLOAD),
              Formats.bytes(m.bytesToUpload()),
              m.count(Action.PRESENT),
              m.count(Action.CONFLICT),
              m.count(Action.SKIP)));
      for (PlannedFile f : m.files()) {
        switch (f.action()) {
          case UPLOAD ->
              out.println(
                  "  upload   "
                      + f.filename()
                      + " ("
                      + Formats.bytes(f.size())
                      + ")"
                      + (f.reason().isEmpty() ? "" : ": " + f.reason()));
          case CONFLICT -> out.println("  conflict " + f.filename() + ": " + reason(f, plan));
          case SKIP -> out.println("  skip     " + f.filename() + ": " + reason(f, plan));
          case PRESENT -> {
            // present files are only counted; listing them would drown the interesting lines
          }
        }
      }
    }
    long failed = plan.mappings().stream().filter(MappingPlan::failed).count();
    out.println(
        String.format(
            Locale.ROOT,
            "Dry run, nothing written: %d files (%s) would be uploaded; %d of %d mappings failed to plan",
            plan.filesToUpload(),
            Formats.bytes(plan.bytesToUpload()),
            failed,
            plan.mappings().size()));
    out.flush();
  }

  private static void table(List<String[]> rows, PrintWriter out) {
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          sb.append("  ");
        }
        boolean left = i < 2;
        String cell = row[i];
        if (!left) {
          sb.append(" ".repeat(widths[i] - cell.length()));
        }
        sb.append(cell);
        if (left && i < row.length - 1) {
          sb.append(" ".repeat(widths[i] - cell.length()));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
  }
}
