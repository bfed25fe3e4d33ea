package io.github.devpigiteasync.store;

import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Records one pass: as a {@link SyncListener} it queues an event for every uploaded, failed or
 * conflicting file (present and skipped files are only counted), and {@link #finish} or {@link
 * #fail} writes the pass's one row. Recording only queues rows, so it never waits for the database.
 * Thread-safe, as engine listeners must be.
 */
public final class RunRecorder implements SyncListener {
  private final String id;
  private final Set<Trigger> triggers;
  private final Clock clock;
  private final Consumer<Object> sink;
  private final UnaryOperator<String> redaction;
  private final Instant started;
  private final AtomicInteger seq = new AtomicInteger();
  private final AtomicBoolean done = new AtomicBoolean();
  private final Map<FileResult.Outcome, AtomicLong> seen = new EnumMap<>(FileResult.Outcome.class);
  private final AtomicLong bytes = new AtomicLong();
  private final Map<String, Map<String, PlannedFile>> plannedByMapping = new ConcurrentHashMap<>();
  private final Set<String> mappings = Collections.synchronizedSet(new LinkedHashSet<>());

  RunRecorder(
      String id,
      Set<Trigger> triggers,
      Clock clock,
      Consumer<Object> sink,
      UnaryOperator<String> redaction) {
    this.id = id;
    this.triggers = Set.copyOf(triggers);
    this.clock = clock;
    this.sink = sink;
    this.redaction = redaction;
    this.started = clock.instant();
    for (FileResult.Outcome o : FileResult.Outcome.values()) {
      seen.put(o, new AtomicLong());
    }
  }

  /** The id the pass is recorded under ({@link RunRecord#id()}, {@link HistoryEvent#run()}). */
  public String id() {
    return id;
  }

  /** When the recorder was started (the pass's start when it ends without a report). */
  Instant started() {
    return started;
  }

  @Override
  public void mappingPlanned(MappingPlan plan) {
    mappings.add(plan.mapping());
  }

  @Override
  public void fileFinished(MappingPlan mapping, FileResult result) {
    seen.get(result.outcome()).incrementAndGet();
    bytes.addAndGet(result.bytes());
    HistoryEvent.Outcome outcome =
        switch (result.outcome()) {
          case UPLOADED -> HistoryEvent.Outcome.UPLOADED;
          case FAILED -> HistoryEvent.Outcome.FAILED;
          case CONFLICT -> HistoryEvent.Outcome.CONFLICT;
          default -> null;
        };
    if (outcome == null) {
      return;
    }
    // FileResult carries no digest; the plan the engine passes along knows what Gitea published
    PlannedFile planned =
        plannedByMapping
            .computeIfAbsent(mapping.mapping(), m -> index(mapping))
            .get(result.filename());
    long size =
        result.bytes() > 0 ? result.bytes() : planned == null ? 0 : Math.max(0, planned.size());
    sink.accept(
        new HistoryEvent(
            clock.instant(),
            id,
            seq.incrementAndGet(),
            mapping.mapping(),
            mapping.organization(),
            mapping.index(),
            result.project(),
            result.version(),
            result.filename(),
            planned == null ? "" : planned.sha256(),
            size,
            outcome,
            redaction.apply(result.reason())));
  }

  private static Map<String, PlannedFile> index(MappingPlan plan) {
    return plan.files().stream()
        .collect(Collectors.toMap(PlannedFile::filename, Function.identity(), (a, b) -> a));
  }

  /**
   * Records the finished pass (one row) and returns it.
   *
   * @throws IllegalStateException when the pass was already finished or failed
   */
  public RunRecord finish(SyncReport report) {
    List<MappingReport> mappings = report.mappings();
    long ok = mappings.stream().filter(MappingReport::succeeded).count();
    RunRecord.Outcome outcome =
        ok == mappings.size()
            ? RunRecord.Outcome.SUCCEEDED
            : ok == 0 ? RunRecord.Outcome.FAILED : RunRecord.Outcome.PARTIAL;
    String errors =
        mappings.stream()
            .filter(m -> !m.succeeded())
            .map(
                m ->
                    m.mapping()
                        + ": "
                        + m.error().orElse(m.count(FileResult.Outcome.FAILED) + " file(s) failed"))
            .collect(Collectors.joining("; "));
    return write(
        new RunRecord(
            id,
            triggers,
            report.started(),
            report.finished(),
            outcome,
            report.dryRun(),
            mappings.stream().map(MappingReport::mapping).toList(),
            new RunRecord.Counts(
                report.count(FileResult.Outcome.UPLOADED),
                report.count(FileResult.Outcome.PRESENT),
                report.count(FileResult.Outcome.CONFLICT),
                report.count(FileResult.Outcome.FAILED),
                report.count(FileResult.Outcome.SKIPPED),
                report.count(FileResult.Outcome.PLANNED)),
            report.bytesUploaded(),
            errors.isEmpty() ? Optional.empty() : Optional.of(redaction.apply(errors))));
  }

  /**
   * Records a pass that ended without a report (it threw), counting the files seen until then.
   *
   * @param error what went wrong (the store's redaction still applies)
   * @throws IllegalStateException when the pass was already finished or failed
   */
  public RunRecord fail(String error) {
    return write(
        new RunRecord(
            id,
            triggers,
            started,
            clock.instant(),
            RunRecord.Outcome.FAILED,
            false,
            mappingsSeen(),
            new RunRecord.Counts(
                seen.get(FileResult.Outcome.UPLOADED).get(),
                seen.get(FileResult.Outcome.PRESENT).get(),
                seen.get(FileResult.Outcome.CONFLICT).get(),
                seen.get(FileResult.Outcome.FAILED).get(),
                seen.get(FileResult.Outcome.SKIPPED).get(),
                seen.get(FileResult.Outcome.PLANNED).get()),
            bytes.get(),
            Optional.of(redaction.apply(error))));
  }

  private List<String> mappingsSeen() {
    synchronized (mappings) {
      return List.copyOf(mappings);
    }
  }

  private RunRecord write(RunRecord run) {
    if (!done.compareAndSet(false, true)) {
      throw new IllegalStateException("run " + id + " is already recorded");
    }
    sink.accept(run);
    return run;
  }
}
