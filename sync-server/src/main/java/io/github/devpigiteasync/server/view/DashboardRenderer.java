package io.github.devpigiteasync.server.view;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.github.devpigiteasync.server.StatusSnapshot;
import io.github.devpigiteasync.server.StatusSnapshot.FileStatus;
import io.github.devpigiteasync.server.StatusSnapshot.LastRun;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import io.github.devpigiteasync.server.StatusSnapshot.RunSummary;
import io.github.devpigiteasync.server.StatusSnapshot.Transfer;
import io.github.devpigiteasync.server.view.DashboardView.BarView;
import io.github.devpigiteasync.server.view.DashboardView.ChartView;
import io.github.devpigiteasync.server.view.DashboardView.FileRowView;
import io.github.devpigiteasync.server.view.DashboardView.MappingView;
import io.github.devpigiteasync.server.view.DashboardView.RunView;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the dashboard from a {@link StatusSnapshot} with {@code templates/dashboard.mustache},
 * compiled once. File rows are paged ({@link #PAGE_SIZE} per page) so the page stays small with any
 * number of files, and a search (package or file name containing the text) narrows them on the
 * server.
 */
public final class DashboardRenderer {
  /** File rows per dashboard page. */
  public static final int PAGE_SIZE = 200;

  private static final int CHART_WIDTH = 600;
  private static final int CHART_HEIGHT = 120;

  private final Mustache template;

  /** Compiles the template from the class path. */
  public DashboardRenderer() {
    DefaultMustacheFactory factory = new DefaultMustacheFactory("templates");
    this.template = factory.compile("dashboard.mustache");
  }

  /** Renders page {@code page} (1-based) of the dashboard. */
  public String render(StatusSnapshot snapshot, int page, String nonce) {
    return render(snapshot, page, nonce, "");
  }

  /**
   * Renders page {@code page} (1-based) of the dashboard's files whose package or file name
   * contains {@code search} (ignoring case; blank shows all).
   */
  public String render(StatusSnapshot snapshot, int page, String nonce, String search) {
    StringWriter out = new StringWriter(16 * 1024);
    try {
      render(snapshot, page, nonce, search, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Renders like {@link #render(StatusSnapshot, int, String, String)} into {@code out} (the server
   * writes straight to UTF-8 bytes: building a String first and encoding it costs more than the
   * rendering).
   */
  public void render(StatusSnapshot snapshot, int page, String nonce, String search, Writer out)
      throws IOException {
    template.execute(out, view(snapshot, page, nonce, search)).flush();
  }

  /** The preformatted view of page {@code page} (1-based). */
  public static DashboardView view(StatusSnapshot s, int page, String nonce) {
    return view(s, page, nonce, "");
  }

  /** The preformatted view of page {@code page} (1-based) of the files matching {@code search}. */
  public static DashboardView view(StatusSnapshot s, int page, String nonce, String search) {
    List<MappingView> mappings = s.mappings().stream().map(DashboardRenderer::mapping).toList();
    List<RunView> runs = s.runs().stream().map(DashboardRenderer::run).toList();
    String needle = search.strip().toLowerCase(Locale.ROOT);
    if (!needle.isEmpty()) {
      s = filtered(s, needle);
    }

    long total = s.mappings().stream().mapToLong(m -> m.files().size()).sum();
    int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
    int current = Math.min(Math.max(1, page), pages);
    long from = (long) (current - 1) * PAGE_SIZE;
    List<FileRowView> rows = new ArrayList<>(PAGE_SIZE);
    long index = 0;
    String lastKey = "";
    outer:
    for (MappingStatus m : s.mappings()) {
      if (index + m.files().size() <= from) {
        index += m.files().size();
        continue;
      }
      for (FileStatus f : m.files()) {
        if (index++ < from) {
          continue;
        }
        if (rows.size() == PAGE_SIZE) {
          break outer;
        }
        String packageKey = m.name() + '\u0000' + f.project();
        String versionKey = packageKey + '\u0000' + f.version();
        boolean newPackage = !lastKey.startsWith(packageKey + '\u0000');
        boolean newVersion = !lastKey.equals(versionKey);
        rows.add(
            new FileRowView(
                newPackage ? m.name() : "",
                newPackage ? f.project() : "",
                newVersion ? f.version() : "",
                f.filename(),
                f.status(),
                f.reason(),
                f.bytes() > 0 ? Formats.bytes(f.bytes()) : "",
                "api/history?filename=" + encode(f.filename())));
        lastKey = versionKey;
      }
    }
    String summary =
        total == 0
            ? needle.isEmpty() ? "No files known yet." : "No package or file matches."
            : String.format(
                Locale.ROOT,
                "Files %d–%d of %d (page %d of %d)",
                from + 1,
                from + rows.size(),
                total,
                current,
                pages);
    return new DashboardView(
        s.version(),
        nonce,
        Formats.time(s.now()),
        s.dryRun(),
        !s.schedulerRunning() ? "stopped" : s.passRunning() ? "pass running" : "waiting",
        Formats.time(s.lastRun()),
        s.nextRun() == null ? "—" : Formats.relative(s.nextRun(), s.now()),
        s.nextRun() == null ? "" : Long.toString(s.nextRun().toEpochMilli()),
        mappings,
        runs,
        chart(s.runs()),
        rows,
        summary,
        current > 1,
        pageLink(current - 1, search),
        current < pages,
        pageLink(current + 1, search),
        search.strip());
  }

  private static String pageLink(int page, String search) {
    String link = "?page=" + page;
    return search.isBlank() ? link : link + "&q=" + encode(search.strip());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static StatusSnapshot filtered(StatusSnapshot s, String needle) {
    List<MappingStatus> mappings =
        s.mappings().stream()
            .map(
                m ->
                    new MappingStatus(
                        m.name(),
                        m.organization(),
                        m.index(),
                        m.devpiServer(),
                        m.source(),
                        m.state(),
                        m.filesDone(),
                        m.filesTotal(),
                        m.transfers(),
                        m.lastRun(),
                        m.lastSuccess(),
                        m.lastError(),
                        m.fileCount(),
                        m.files().stream()
                            .filter(
                                f ->
                                    f.project().toLowerCase(Locale.ROOT).contains(needle)
                                        || f.filename().toLowerCase(Locale.ROOT).contains(needle))
                            .toList()))
            .toList();
    return new StatusSnapshot(
        s.version(),
        s.now(),
        s.startedAt(),
        s.dryRun(),
        s.schedulerRunning(),
        s.passRunning(),
        s.lastRun(),
        s.nextRun(),
        mappings,
        s.runs());
  }

  private static MappingView mapping(MappingStatus m) {
    LastRun r = m.lastRun();
    String progress = "";
    if (m.state().equals("syncing")) {
      progress = String.format(Locale.ROOT, "%d/%d files", m.filesDone(), m.filesTotal());
      if (!m.transfers().isEmpty()) {
        Transfer t = m.transfers().get(0);
        progress += " · " + t.filename() + " " + t.phase() + " " + Formats.bytes(t.bytesDone());
      }
    }
    return new MappingView(
        m.name(),
        m.organization(),
        m.source() == null ? "" : m.source(),
        m.index(),
        m.devpiServer(),
        m.state(),
        progress,
        r == null ? "—" : Formats.time(r.started()),
        r == null ? "—" : Formats.millis(r.durationMillis()),
        r == null ? "—" : Formats.count(r.uploaded() + r.planned()),
        r == null ? "—" : Formats.count(r.present()),
        r == null ? "—" : Formats.count(r.conflict()),
        r == null ? "—" : Formats.count(r.failed()),
        r == null ? "—" : Formats.count(r.skipped()),
        r == null ? "—" : Formats.bytes(r.bytes()),
        m.lastError() == null ? "" : m.lastError());
  }

  private static RunView run(RunSummary r) {
    return new RunView(
        shortId(r.id()),
        Formats.time(r.started()),
        Formats.millis(r.durationMillis()),
        r.trigger(),
        r.mappings().isEmpty() ? "—" : String.join(", ", r.mappings()),
        r.succeeded() ? (r.dryRun() ? "planned" : "ok") : "failed",
        Formats.count(r.files()),
        Formats.count(r.uploaded()),
        Formats.count(r.failed()),
        Formats.bytes(r.bytes()),
        r.error() == null ? "" : r.error());
  }

  /** A store run id is a 36-character UUID whose last characters are random: show those. */
  private static String shortId(String id) {
    return id.length() > 12 ? "…" + id.substring(id.length() - 8) : id;
  }

  private static ChartView chart(List<RunSummary> newestFirst) {
    if (newestFirst.isEmpty()) {
      return new ChartView(true, "0", "0", List.of(), "", "");
    }
    List<RunSummary> runs = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(runs);
    long maxFiles = Math.max(1, runs.stream().mapToLong(RunSummary::files).max().orElse(1));
    long maxMillis =
        Math.max(1, runs.stream().mapToLong(RunSummary::durationMillis).max().orElse(1));
    double slot = (double) CHART_WIDTH / runs.size();
    double barWidth = Math.max(1, slot * 0.7);
    int plot = CHART_HEIGHT - 4;
    List<BarView> bars = new ArrayList<>(runs.size());
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      RunSummary r = runs.get(i);
      double h = Math.max(1, (double) r.files() / maxFiles * plot);
      double x = i * slot + (slot - barWidth) / 2;
      bars.add(
          new BarView(
              num(x),
              num(CHART_HEIGHT - h),
              num(barWidth),
              num(h),
              String.format(
                  Locale.ROOT,
                  "run %s: %d files, %s",
                  shortId(r.id()),
                  r.files(),
                  Formats.millis(r.durationMillis())),
              r.succeeded() ? "ok" : "failed"));
      double y = CHART_HEIGHT - (double) r.durationMillis() / maxMillis * plot;
      if (points.length() > 0) {
        points.append(' ');
      }
      points.append(num(i * slot + slot / 2)).append(',').append(num(y));
    }
    return new ChartView(
        false,
        Integer.toString(CHART_WIDTH),
        Integer.toString(CHART_HEIGHT),
        bars,
        points.toString(),
        String.format(Locale.ROOT, "max %d files · %s", maxFiles, Formats.millis(maxMillis)));
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
