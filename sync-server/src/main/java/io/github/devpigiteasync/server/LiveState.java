package io.github.devpigiteasync.server;

import io.github.devpigiteasync.server.StatusSnapshot.FileStatus;
import io.github.devpigiteasync.server.StatusSnapshot.LastRun;
import io.github.devpigiteasync.server.StatusSnapshot.MappingStatus;
import io.github.devpigiteasync.server.StatusSnapshot.RunSummary;
import io.github.devpigiteasync.server.StatusSnapshot.Transfer;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.MappingTarget;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Redactor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Tracks what every mapping is doing, from the engine's listener events and the scheduler's pass
 * results, and keeps the most recent runs. Thread-safe. Every error and reason text is redacted
 * before it is stored.
 *
 * <p>Writers (the engine's transfer threads, the scheduler) update the state under this object's
 * monitor and then publish an immutable view of it; readers (the dashboard, {@code /api/status},
 * {@code /health}) read the last published view without taking the monitor, so hundreds of readers
 * neither wait for a busy pass nor slow it down. Per-file lists are no exception: a mapping's files
 * sit in a table whose slots writers replace in place and readers copy without locking, once per
 * change.
 */
public final class LiveState implements SyncListener, PassObserver {
  /** How many finished passes are kept. */
  public static final int RUN_HISTORY = 50;

  private final Redactor redactor;
  private final Clock clock;
  private final boolean dryRun;
  private final Map<String, MappingLive> mappings = new LinkedHashMap<>();
  private final Deque<RunSummary> runs = new ArrayDeque<>();
  private List<RunSummary> runList = List.of();
  private final Map<Long, Instant> passStarts = new LinkedHashMap<>();
  private @Nullable Instant lastRun;
  // what readers see; replaced (never changed) under the monitor after every change
  private volatile Published published;

  LiveState(List<MappingInfo> mappings, Redactor redactor, Clock clock, boolean dryRun) {
    this.redactor = Objects.requireNonNull(redactor, "redactor == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    this.dryRun = dryRun;
    for (MappingInfo m : mappings) {
      this.mappings.put(m.name(), new MappingLive(m));
    }
    this.published = publishAll();
  }

  @Override
  public synchronized void passStarted(long id, PassScope scope) {
    passStarts.put(id, clock.instant());
    for (MappingLive m : mappings.values()) {
      if (scope.covers(m.info.name())) {
        m.state = State.PLANNING;
        m.transfers.clear();
        m.filesDone = 0;
        m.filesTotal = 0;
        m.summary = null;
      }
    }
    publish();
  }

  @Override
  public synchronized void mappingPlanned(MappingPlan plan) {
    MappingLive m = mappings.get(plan.mapping());
    if (m == null) {
      return;
    }
    if (plan.error().isPresent()) {
      m.state = State.FAILED;
      m.lastError = redactor.redact(plan.error().get());
      m.lastOk = Boolean.FALSE;
      m.summary = null;
      publish();
      return;
    }
    plan.target().flatMap(MappingTarget::source).ifPresent(s -> m.source = s.toString());
    NavigableMap<String, FileStatus> files = new TreeMap<>();
    for (PlannedFile f : plan.files()) {
      files.put(key(f.project(), f.version(), f.filename()), status(f));
    }
    m.replaceFiles(files);
    m.filesTotal = plan.count(PlannedFile.Action.UPLOAD);
    publish();
  }

  @Override
  public synchronized void mappingStarted(MappingPlan plan) {
    MappingLive m = mappings.get(plan.mapping());
    if (m != null && plan.error().isEmpty()) {
      m.state = State.SYNCING;
      m.summary = null;
      publish();
    }
  }

  @Override
  public synchronized void fileStarted(MappingPlan mapping, PlannedFile file) {
    MappingLive m = mappings.get(mapping.mapping());
    if (m == null) {
      return;
    }
    String key = key(file.project(), file.version(), file.filename());
    m.transfers.put(
        key,
        new Transfer(file.project(), file.version(), file.filename(), "download", 0, file.size()));
    m.putFiles(
        Map.of(
            key,
            new FileStatus(
                file.project(), file.version(), file.filename(), "transferring", "", 0)));
    publish();
  }

  @Override
  public synchronized void fileProgress(
      MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
    MappingLive m = mappings.get(mapping.mapping());
    if (m == null) {
      return;
    }
    m.transfers.put(
        key(file.project(), file.version(), file.filename()),
        new Transfer(
            file.project(),
            file.version(),
            file.filename(),
            phase.name().toLowerCase(Locale.ROOT),
            bytesDone,
            file.size()));
    m.summary = null;
    publish();
  }

  @Override
  public synchronized void fileFinished(MappingPlan mapping, FileResult result) {
    MappingLive m = mappings.get(mapping.mapping());
    if (m == null) {
      return;
    }
    String key = key(result.project(), result.version(), result.filename());
    m.transfers.remove(key);
    FileStatus before = m.file(key);
    // progress counts transfers only (filesTotal is the plan's uploads); skipped and present files
    // finish too
    if (before != null
        && (before.status().equals("pending") || before.status().equals("transferring"))) {
      m.filesDone++;
    }
    m.putFiles(Map.of(key, status(result)));
    publish();
  }

  @Override
  public synchronized void mappingFinished(MappingReport report) {
    MappingLive m = mappings.get(report.mapping());
    if (m != null) {
      apply(m, report);
      publish();
    }
  }

  @Override
  public synchronized void passFinished(long id, PassScope scope, SyncReport report) {
    List<String> names = new ArrayList<>();
    for (MappingReport r : report.mappings()) {
      MappingLive m = mappings.get(r.mapping());
      if (m != null) {
        apply(m, r);
        names.add(r.mapping());
      }
    }
    settleUnreported(scope);
    long files = report.mappings().stream().mapToLong(r -> r.files().size()).sum();
    String error =
        report.mappings().stream()
            .filter(r -> !r.succeeded())
            .map(r -> r.mapping() + ": " + errorText(r))
            .reduce((a, b) -> a + "; " + b)
            .orElse(null);
    Instant started = startOf(id, report.started());
    Instant finished = clock.instant();
    addRun(
        new RunSummary(
            Long.toString(id),
            started,
            finished,
            Duration.between(started, finished).toMillis(),
            scope.triggerText(),
            names,
            report.dryRun(),
            report.succeeded(),
            files,
            report.count(FileResult.Outcome.UPLOADED),
            report.count(FileResult.Outcome.FAILED),
            report.bytesUploaded(),
            error));
    lastRun = finished;
    publish();
  }

  @Override
  public synchronized void passFailed(long id, PassScope scope, RuntimeException error) {
    String text = redactor.redact(describe(error));
    List<String> names = new ArrayList<>();
    for (MappingLive m : mappings.values()) {
      if (scope.covers(m.info.name())) {
        m.state = State.FAILED;
        m.lastError = text;
        m.lastOk = Boolean.FALSE;
        m.transfers.clear();
        m.summary = null;
        names.add(m.info.name());
      }
    }
    Instant started = startOf(id, clock.instant());
    Instant finished = clock.instant();
    addRun(
        new RunSummary(
            Long.toString(id),
            started,
            finished,
            Duration.between(started, finished).toMillis(),
            scope.triggerText(),
            names,
            dryRun,
            false,
            0,
            0,
            0,
            0,
            text));
    lastRun = finished;
    publish();
  }

  /** The mapping names whose organization equals {@code organization}, ignoring case. */
  public List<String> mappingsOfOrganization(String organization) {
    return mappings.values().stream()
        .filter(m -> m.info.organization().equalsIgnoreCase(organization))
        .map(m -> m.info.name())
        .toList();
  }

  /** Whether a selected mapping has this name. */
  public boolean hasMapping(String name) {
    // the map's entries never change after construction
    return mappings.containsKey(name);
  }

  /** Health of the mappings: how many have a failed last run, out of how many. */
  int[] failedOutOf() {
    Published p = published;
    return new int[] {p.failed(), p.mappings().size()};
  }

  @Nullable Instant lastRun() {
    return published.lastRun();
  }

  /**
   * The mappings' state; per-file lists only when {@code includeFiles}. Without files this is the
   * published view, read without locking.
   */
  List<MappingStatus> mappingStatuses(boolean includeFiles) {
    List<MappingStatus> summaries = published.mappings();
    if (!includeFiles) {
      return summaries;
    }
    List<MappingStatus> result = new ArrayList<>(summaries.size());
    int i = 0;
    for (MappingLive m : mappings.values()) {
      MappingStatus s = summaries.get(i++);
      List<FileStatus> files = fileList(m);
      result.add(
          new MappingStatus(
              s.name(),
              s.organization(),
              s.index(),
              s.devpiServer(),
              s.source(),
              s.state(),
              s.filesDone(),
              s.filesTotal(),
              s.transfers(),
              s.lastRun(),
              s.lastSuccess(),
              s.lastError(),
              files.size(),
              files));
    }
    return result;
  }

  List<RunSummary> runs() {
    return published.runs();
  }

  /** The mapping's files, copied without locking once per change and then shared. */
  private static List<FileStatus> fileList(MappingLive m) {
    // writers bump the version after changing a slot: a copy made after reading version v holds
    // at least what v had, so it may be kept as v's
    long version = m.fileVersion;
    FileCache cache = m.fileCache;
    if (cache != null && cache.version() == version) {
      return cache.files();
    }
    List<FileStatus> files = m.table.copy();
    m.fileCache = new FileCache(version, files);
    return files;
  }

  /** Replaces the readers' view after a change; rebuilds only the changed mappings' summaries. */
  private void publish() {
    published = publishAll();
  }

  private Published publishAll() {
    List<MappingStatus> summaries = new ArrayList<>(mappings.size());
    int failed = 0;
    for (MappingLive m : mappings.values()) {
      MappingStatus s = m.summary;
      if (s == null) {
        s =
            new MappingStatus(
                m.info.name(),
                m.info.organization(),
                m.info.index(),
                m.info.devpiServer(),
                m.source,
                m.state.name().toLowerCase(Locale.ROOT),
                m.filesDone,
                m.filesTotal,
                List.copyOf(m.transfers.values()),
                m.lastRunCounts,
                m.lastSuccess,
                m.lastError,
                m.table.size(),
                List.of());
        m.summary = s;
      }
      summaries.add(s);
      if (Boolean.FALSE.equals(m.lastOk)) {
        failed++;
      }
    }
    return new Published(List.copyOf(summaries), runList, lastRun, failed);
  }

  private void apply(MappingLive m, MappingReport r) {
    boolean ok = r.succeeded();
    m.state = ok ? State.OK : State.FAILED;
    m.lastOk = ok;
    m.transfers.clear();
    m.lastError = ok ? null : errorText(r);
    Instant finished = r.started().plus(r.duration());
    if (ok) {
      m.lastSuccess = finished;
    }
    Map<String, FileStatus> results = new LinkedHashMap<>();
    for (FileResult f : r.files()) {
      results.put(key(f.project(), f.version(), f.filename()), status(f));
    }
    m.putFiles(results);
    m.lastRunCounts =
        new LastRun(
            r.started(),
            r.duration().toMillis(),
            ok,
            r.count(FileResult.Outcome.UPLOADED),
            r.count(FileResult.Outcome.PRESENT),
            r.count(FileResult.Outcome.CONFLICT),
            r.count(FileResult.Outcome.SKIPPED),
            r.count(FileResult.Outcome.FAILED),
            r.count(FileResult.Outcome.PLANNED),
            r.bytesUploaded());
  }

  private void settleUnreported(PassScope scope) {
    for (MappingLive m : mappings.values()) {
      if (scope.covers(m.info.name()) && (m.state == State.PLANNING || m.state == State.SYNCING)) {
        m.state = m.lastOk == null ? State.IDLE : m.lastOk ? State.OK : State.FAILED;
        m.transfers.clear();
        m.summary = null;
      }
    }
  }

  private String errorText(MappingReport r) {
    if (r.error().isPresent()) {
      return redactor.redact(r.error().get());
    }
    List<FileResult> failed =
        r.files().stream().filter(f -> f.outcome() == FileResult.Outcome.FAILED).toList();
    if (failed.isEmpty()) {
      return "";
    }
    FileResult first = failed.get(0);
    return redactor.redact(
        String.format(
            Locale.ROOT,
            "%d file(s) failed; %s: %s",
            failed.size(),
            first.filename(),
            first.reason()));
  }

  private Instant startOf(long id, Instant fallback) {
    Instant started = passStarts.remove(id);
    return started == null ? fallback : started;
  }

  private void addRun(RunSummary run) {
    runs.addFirst(run);
    while (runs.size() > RUN_HISTORY) {
      runs.removeLast();
    }
    runList = List.copyOf(runs);
  }

  private FileStatus status(PlannedFile f) {
    String status =
        switch (f.action()) {
          case UPLOAD -> dryRun ? "planned" : "pending";
          case PRESENT -> "present";
          case CONFLICT -> "conflict";
          case SKIP -> "skipped";
        };
    return new FileStatus(
        f.project(), f.version(), f.filename(), status, redactor.redact(f.reason()), 0);
  }

  private FileStatus status(FileResult f) {
    return new FileStatus(
        f.project(),
        f.version(),
        f.filename(),
        f.outcome().name().toLowerCase(Locale.ROOT),
        redactor.redact(f.reason()),
        f.bytes());
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    String text = message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    Throwable cause = error.getCause();
    if (cause != null
        && cause != error
        && cause.getMessage() != null
        && !text.contains(cause.getMessage())) {
      text = text + ": " + cause.getMessage();
    }
    return text;
  }

  private static String key(String project, String version, String filename) {
    return project + '\u0000' + version + '\u0000' + filename;
  }

  private enum State {
    IDLE,
    PLANNING,
    SYNCING,
    OK,
    FAILED
  }

  /**
   * The readers' view: immutable, replaced as a whole.
   *
   * @param mappings every mapping's summary, without file lists
   * @param failed how many mappings' last run failed
   */
  private record Published(
      List<MappingStatus> mappings, List<RunSummary> runs, @Nullable Instant lastRun, int failed) {}

  /** A copy of a mapping's files, as of {@code version}. */
  private record FileCache(long version, List<FileStatus> files) {}

  /**
   * A mapping's files in key order: the keys are fixed (the plan's), each slot holds the file's
   * latest status and is replaced in place.
   */
  private record FileTable(
      List<String> keys, Map<String, Integer> index, AtomicReferenceArray<FileStatus> slots) {
    static FileTable of(NavigableMap<String, FileStatus> files) {
      List<String> keys = List.copyOf(files.keySet());
      Map<String, Integer> index = new HashMap<>(keys.size() * 2);
      AtomicReferenceArray<FileStatus> slots = new AtomicReferenceArray<>(keys.size());
      int i = 0;
      for (Map.Entry<String, FileStatus> e : files.entrySet()) {
        index.put(e.getKey(), i);
        slots.set(i++, e.getValue());
      }
      return new FileTable(keys, index, slots);
    }

    int size() {
      return keys.size();
    }

    List<FileStatus> copy() {
      FileStatus[] copy = new FileStatus[slots.length()];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = slots.get(i);
      }
      return List.of(copy);
    }

    NavigableMap<String, FileStatus> toMap() {
      NavigableMap<String, FileStatus> map = new TreeMap<>();
      for (int i = 0; i < keys.size(); i++) {
        map.put(keys.get(i), slots.get(i));
      }
      return map;
    }
  }

  /** One mapping's mutable state; written under the {@link LiveState}'s monitor. */
  private static final class MappingLive {
    final MappingInfo info;
    State state = State.IDLE;
    long filesDone;
    long filesTotal;
    final Map<String, Transfer> transfers = new LinkedHashMap<>();
    // written under the monitor; read without it
    volatile FileTable table = FileTable.of(new TreeMap<>());
    volatile long fileVersion;
    volatile @Nullable FileCache fileCache;
    @Nullable LastRun lastRunCounts;
    @Nullable Instant lastSuccess;
    @Nullable String lastError;
    @Nullable Boolean lastOk;
    @Nullable String source;
    // the published summary, null once stale
    @Nullable MappingStatus summary;

    MappingLive(MappingInfo info) {
      this.info = info;
    }

    @Nullable FileStatus file(String key) {
      FileTable t = table;
      Integer slot = t.index().get(key);
      return slot == null ? null : t.slots().get(slot);
    }

    void replaceFiles(NavigableMap<String, FileStatus> files) {
      table = FileTable.of(files);
      changed();
    }

    /** Replaces the files' statuses in place; files new to the table rebuild it, once. */
    void putFiles(Map<String, FileStatus> statuses) {
      FileTable t = table;
      NavigableMap<String, FileStatus> added = new TreeMap<>();
      for (Map.Entry<String, FileStatus> e : statuses.entrySet()) {
        Integer slot = t.index().get(e.getKey());
        if (slot == null) {
          added.put(e.getKey(), e.getValue());
        } else {
          t.slots().set(slot, e.getValue());
        }
      }
      if (!added.isEmpty()) {
        NavigableMap<String, FileStatus> all = t.toMap();
        all.putAll(added);
        table = FileTable.of(all);
      }
      changed();
    }

    // only writers, under the monitor, so the increment is not lost
    private void changed() {
      summary = null;
      fileVersion++;
    }
  }
}
