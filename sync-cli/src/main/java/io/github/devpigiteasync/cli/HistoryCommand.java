package io.github.devpigiteasync.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.devpigiteasync.store.HistoryEvent;
import io.github.devpigiteasync.store.HistoryQuery;
import io.github.devpigiteasync.store.HistoryQueryException;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.Page;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.StoreUnavailableException;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.StoreSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code devpi-gitea-sync history}: prints the file events of the configured history store, newest
 * first, as a table or as the JSON of {@code GET /api/history}.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Prints what was synced (uploads, failures, conflicts), newest first, from the history"
          + " store the configuration names ([store], [runtime] state_dir)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the events were printed (possibly none)",
      "1:the history store cannot be read",
      "2:usage error (bad --since or --limit)",
      "3:configuration error"
    })
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "PATH",
      defaultValue = SyncConfig.DEFAULT_FILE_NAME,
      description = "Configuration file (default: ${DEFAULT-VALUE} in the working directory).")
  private Path config = Path.of(SyncConfig.DEFAULT_FILE_NAME);

  @Option(names = "--mapping", paramLabel = "NAME", description = "Only this mapping.")
  private @Nullable String mapping;

  @Option(
      names = "--project",
      paramLabel = "NAME",
      description = "Only this project (compared after PEP 503 normalisation).")
  private @Nullable String project;

  @Option(names = "--file", paramLabel = "FILENAME", description = "Only this file name.")
  private @Nullable String file;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Only events at or after this ISO-8601 time or date (2026-11-25).")
  private @Nullable String since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "100",
      description = "At most this many events (default ${DEFAULT-VALUE}, at most 1000).")
  private int limit = HistoryQuery.DEFAULT_LIMIT;

  @Option(names = "--json", description = "Print JSON like GET /api/history.")
  private boolean json;

  private final CliEnvironment environment;

  HistoryCommand(CliEnvironment environment) {
    this.environment = Objects.requireNonNull(environment, "environment == null");
  }

  @Override
  public Integer call() {
    CommandSpec s = Objects.requireNonNull(spec, "spec not injected");
    PrintWriter out = s.commandLine().getOut();
    PrintWriter err = s.commandLine().getErr();
    HistoryQuery query = query(s);
    SyncConfig cfg = SyncConfig.load(config, environment.env());
    if (cfg.store().kind() == StoreSettings.Kind.NONE) {
      err.println("devpi-gitea-sync: no history is kept ([store] url = none)");
    }
    Page<HistoryEvent> page;
    try (HistoryStore store = HistoryStore.open(StoreOptions.from(cfg))) {
      page = store.events(query);
    } catch (StoreUnavailableException e) {
      err.println("devpi-gitea-sync: " + e.getMessage());
      err.flush();
      return ExitCodes.SYNC_FAILED;
    }
    // rows written by another daemon or an older version may still quote a secret
    Redactor redaction = Redactor.of(cfg.secrets());
    if (json) {
      writeJson(page, redaction, out);
    } else {
      writeTable(page, redaction, out);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private HistoryQuery query(CommandSpec s) {
    try {
      HistoryQuery.Builder b = HistoryQuery.builder().limit(limit);
      if (mapping != null) {
        b.mapping(mapping);
      }
      if (project != null) {
        b.project(project);
      }
      if (file != null) {
        b.filename(file);
      }
      if (since != null) {
        b.since(HistoryQuery.parseTime("--since", since));
      }
      return b.build();
    } catch (HistoryQueryException e) {
      throw new ParameterException(s.commandLine(), e.getMessage());
    }
  }

  private static void writeTable(Page<HistoryEvent> page, Redactor redaction, PrintWriter out) {
    if (page.items().isEmpty()) {
      out.println("No events.");
      return;
    }
    String format = "%-19s  %-8s  %-20s  %-40s  %-12s  %s%n";
    out.printf(Locale.ROOT, format, "TIME (UTC)", "OUTCOME", "INDEX", "FILE", "SHA256", "REASON");
    for (HistoryEvent e : page.items()) {
      out.printf(
          Locale.ROOT,
          format,
          TIME.format(e.time()),
          e.outcome().wireName(),
          e.index(),
          e.filename(),
          e.sha256().length() > 12 ? e.sha256().substring(0, 12) : e.sha256(),
          redaction.apply(e.reason()));
    }
    page.next().ifPresent(n -> out.println("More events: raise --limit or narrow the filters."));
  }

  private static void writeJson(Page<HistoryEvent> page, Redactor redaction, PrintWriter out) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeArrayFieldStart("events");
      for (HistoryEvent e : page.items()) {
        g.writeStartObject();
        g.writeStringField("time", e.time().toString());
        g.writeStringField("run", e.run());
        g.writeStringField("mapping", e.mapping());
        g.writeStringField("organization", e.organization());
        g.writeStringField("index", e.index());
        g.writeStringField("project", e.project());
        g.writeStringField("version", e.version());
        g.writeStringField("filename", e.filename());
        g.writeStringField("sha256", e.sha256());
        g.writeNumberField("bytes", e.bytes());
        g.writeStringField("outcome", e.outcome().wireName());
        g.writeStringField("reason", redaction.apply(e.reason()));
        g.writeEndObject();
      }
      g.writeEndArray();
      if (page.next().isPresent()) {
        g.writeStringField("next", page.next().get());
      } else {
        g.writeNullField("next");
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }
}
