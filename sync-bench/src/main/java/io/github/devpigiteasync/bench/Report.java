package io.github.devpigiteasync.bench;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What the bench prints: a section per scenario as it finishes (details, breakdowns), and at the
 * end one summary table with every measured figure, its target and whether the target is met.
 * Progress goes to {@code progress} (stderr), results to {@code out} (stdout).
 */
final class Report {
  private final PrintStream out;
  private final PrintStream progress;
  private final Table summary = new Table("scenario", "measured", "value", "target", "met");

  Report(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  void progress(String format, Object... args) {
    progress.println("[bench] " + String.format(Locale.ROOT, format, args));
    progress.flush();
  }

  /** One summary row; {@code met} is "yes", "no", or "-" for figures without a target. */
  void result(String scenario, String measured, String value, String target, String met) {
    summary.row(scenario, measured, value, target, met);
  }

  void section(String title, Table table, String... notes) {
    out.println();
    out.println("### " + title);
    out.println();
    table.print(out);
    for (String note : notes) {
      out.println();
      out.println(note);
    }
    out.flush();
  }

  void printSummary() {
    out.println();
    out.println("### Summary");
    out.println();
    summary.print(out);
    out.flush();
  }

  static String yesNo(boolean met) {
    return met ? "yes" : "no";
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
