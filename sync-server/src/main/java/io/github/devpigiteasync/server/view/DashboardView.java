package io.github.devpigiteasync.server.view;

import java.util.List;

/**
 * Everything {@code dashboard.mustache} shows, preformatted.
 *
 * @param nonce the CSP nonce of the inline script and style
 * @param previousPage link to the previous page of files (keeps the search)
 * @param nextPage link to the next page of files (keeps the search)
 * @param search the package and file search text; empty for all files
 */
public record DashboardView(
    String version,
    String nonce,
    String generatedAt,
    boolean dryRun,
    String scheduler,
    String lastRun,
    String nextRun,
    String nextRunEpochMillis,
    List<MappingView> mappings,
    List<RunView> runs,
    ChartView chart,
    List<FileRowView> files,
    String filesSummary,
    boolean hasPrevious,
    String previousPage,
    boolean hasNext,
    String nextPage,
    String search) {

  public DashboardView {
    mappings = List.copyOf(mappings);
    runs = List.copyOf(runs);
    files = List.copyOf(files);
  }

  /** One mapping row. */
  public record MappingView(
      String name,
      String organization,
      String source,
      String index,
      String devpiServer,
      String state,
      String progress,
      String lastRun,
      String duration,
      String uploaded,
      String present,
      String conflict,
      String failed,
      String skipped,
      String bytes,
      String lastError) {}

  /** One recent run. */
  public record RunView(
      String id,
      String started,
      String duration,
      String trigger,
      String mappings,
      String result,
      String files,
      String uploaded,
      String failed,
      String bytes,
      String error) {}

  /**
   * One file row; package and version cells are empty when they repeat the row above.
   *
   * @param historyLink the file's history ({@code api/history?filename=...}), URL-encoded
   */
  public record FileRowView(
      String mapping,
      String project,
      String version,
      String filename,
      String status,
      String reason,
      String bytes,
      String historyLink) {}

  /** The recent-runs chart: bars for files per run, a line for duration. */
  public record ChartView(
      boolean empty,
      String width,
      String height,
      List<BarView> bars,
      String durationPoints,
      String maxLabel) {
    public ChartView {
      bars = List.copyOf(bars);
    }
  }

  /** One bar of the chart. */
  public record BarView(
      String x, String y, String width, String height, String title, String result) {}
}
