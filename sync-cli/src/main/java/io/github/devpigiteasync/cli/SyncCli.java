package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.ConfigException;
import io.github.devpigiteasync.sync.config.ConfigProblem;
import io.github.devpigiteasync.sync.config.ConfigProblem.Code;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SelectionException;
import io.github.devpigiteasync.sync.config.StoreSettings;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code devpi-gitea-sync} command: syncs PyPI packages from Gitea's package registry into
 * devpi indices in one pass, prints the plan ({@code --dry-run}) or hands over to server mode
 * ({@code --server}, {@code --demo}).
 *
 * <pre>{@code
 * int exit = SyncCli.run(System.out, System.err, "--config", "sync.conf", "--org", "acme", "--json");
 * }</pre>
 */
@Command(
    name = "devpi-gitea-sync",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Syncs Python packages from Gitea's package registry into devpi indices.",
      "Without --server it runs one pass and exits.",
      "'devpi-gitea-sync history --help' shows how to read what was synced."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every mapping succeeded (conflicts and skipped files are not failures)",
      "1:at least one file or mapping failed",
      "2:usage error (bad flag, --org/--mapping matching nothing)",
      "3:configuration or permission error",
      "4:internal error, or server mode not available"
    })
public final class SyncCli implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(SyncCli.class);
  private static final String NOT_FOUND_HINT = "; create it or pass another path with -c/--config";

  @Spec private @Nullable CommandSpec spec;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "PATH",
      defaultValue = SyncConfig.DEFAULT_FILE_NAME,
      description = "Configuration file (default: ${DEFAULT-VALUE} in the working directory).")
  private Path config = Path.of(SyncConfig.DEFAULT_FILE_NAME);

  @Option(
      names = {"-o", "--org"},
      paramLabel = "ORG",
      description = "Only mappings reading this Gitea organization (repeatable).")
  private List<String> orgs = new ArrayList<>();

  @Option(
      names = {"-m", "--mapping"},
      paramLabel = "NAME",
      description = "Only this mapping (repeatable; with --org both filters apply).")
  private List<String> mappings = new ArrayList<>();

  @Option(
      names = "--dry-run",
      description = "Show what would be synced, with reasons for skipped files; write nothing.")
  private boolean dryRun;

  @Option(names = "--force", description = "Upload files again even when devpi already has them.")
  private boolean force;

  @Option(
      names = {"--package-filter", "--package-filters"},
      paramLabel = "GLOB",
      description = "Only packages whose name matches this glob (repeatable).")
  private List<String> packageFilters = new ArrayList<>();

  @Option(
      names = "--json",
      description = "Print the report as JSON on stdout (one-off runs); logs stay on stderr.")
  private boolean json;

  @Option(names = "--server", description = "Run continuously with the dashboard (server mode).")
  private boolean server;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Dashboard bind address (overrides [runtime] server_host).")
  private @Nullable String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Dashboard port (overrides [runtime] server_port).")
  private @Nullable Integer port;

  @Option(
      names = "--demo",
      description =
          "Server mode against built-in simulators with sample packages; needs no servers.")
  private boolean demo;

  @Option(
      names = {"-v", "--verbose"},
      description = "More log output on stderr: -v info, -vv debug (HTTP requests).")
  private boolean[] verbose = new boolean[0];

  @Option(
      names = {"-x", "--stacktrace"},
      description = "Print the stack trace of an internal error.")
  private boolean stacktrace;

  private final CliEnvironment environment;
  private final PrintStream rawOut;
  private final PrintStream rawErr;

  /** A command bound to the real process (used by documentation generators). */
  public SyncCli() {
    this(CliEnvironment.system(), System.out, System.err);
  }

  SyncCli(CliEnvironment environment, PrintStream out, PrintStream err) {
    this.environment = Objects.requireNonNull(environment, "environment == null");
    this.rawOut = Objects.requireNonNull(out, "out == null");
    this.rawErr = Objects.requireNonNull(err, "err == null");
  }

  /** Runs the command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /**
   * Runs the command with the process environment, writing only to {@code out} and {@code err}.
   *
   * @return the exit code (0 ok, 1 sync failed, 2 usage, 3 configuration, 4 internal)
   */
  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(CliEnvironment.system(), out, err, args);
  }

  static int run(CliEnvironment environment, PrintStream out, PrintStream err, String... args) {
    SyncCli cli = new SyncCli(environment, out, err);
    CommandLine cmd = commandLine(cli, out, err);
    return cmd.execute(args);
  }

  static CommandLine commandLine(SyncCli cli, PrintStream out, PrintStream err) {
    CommandLine cmd = new CommandLine(cli);
    // added before the handlers are set, so that they apply to it too
    cmd.addSubcommand("history", new HistoryCommand(cli.environment));
    cmd.setOut(writer(out));
    cmd.setErr(writer(err));
    cmd.setParameterExceptionHandler(SyncCli::usageError);
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> cli.failure(ex, commandLine));
    return cmd;
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(stream, true);
  }

  @Override
  public Integer call() {
    CommandLine cmd = spec().commandLine();
    checkFlagCombinations(cmd);
    Logging.configure(verbose.length, rawErr);

    if (demo) {
      return serverMode()
          .map(s -> s.demo(host, port, cmd.getOut(), cmd.getErr()))
          .orElse(ExitCodes.INTERNAL);
    }
    EngineSyncer.warmUpInBackground();
    SyncConfig cfg = SyncConfig.load(config, environment.env());
    Selection selection = cfg.select(orgs, mappings);
    SyncOptions options = new SyncOptions(force, packageFilters);
    if (server) {
      return serverMode()
          .map(
              s -> s.serve(cfg, selection, options, dryRun, host, port, cmd.getOut(), cmd.getErr()))
          .orElse(ExitCodes.INTERNAL);
    }
    if (host != null || port != null) {
      log.warn("--host and --port only apply to server mode; ignored for a one-off run");
    }
    try (Syncer syncer = environment.syncers().apply(cfg)) {
      if (dryRun || cfg.store().kind() == StoreSettings.Kind.NONE) {
        // nothing to record: no store class is loaded
        return json
            ? runJson(syncer, selection, options, cmd.getOut(), null)
            : runText(syncer, selection, options, cmd.getOut(), null);
      }
      try (OneOffRecording recording = OneOffRecording.open(cfg)) {
        return json
            ? runJson(syncer, selection, options, cmd.getOut(), recording)
            : runText(syncer, selection, options, cmd.getOut(), recording);
      }
    }
  }

  private static SyncReport apply(
      Syncer syncer, SyncPlan plan, SyncListener progress, @Nullable OneOffRecording recording) {
    if (recording == null) {
      return syncer.apply(plan, progress);
    }
    SyncReport report;
    try {
      report = syncer.apply(plan, recording.listener(progress));
    } catch (RuntimeException e) {
      recording.fail(e.getClass().getSimpleName());
      throw e;
    }
    recording.finish(report);
    return report;
  }

  private int runText(
      Syncer syncer,
      Selection selection,
      SyncOptions options,
      PrintWriter out,
      @Nullable OneOffRecording recording) {
    SyncPlan plan = syncer.plan(selection, options, SyncListener.NONE);
    if (dryRun) {
      TextReport.plan(plan, out);
      return plan.mappings().stream().anyMatch(m -> m.failed())
          ? ExitCodes.SYNC_FAILED
          : ExitCodes.OK;
    }
    SyncListener progress =
        environment.interactive()
            ? new TerminalProgress(out, environment.nanoTime())
            : new LineProgress(out);
    SyncReport report = apply(syncer, plan, progress, recording);
    TextReport.summary(report, out);
    return report.succeeded() ? ExitCodes.OK : ExitCodes.SYNC_FAILED;
  }

  private int runJson(
      Syncer syncer,
      Selection selection,
      SyncOptions options,
      PrintWriter out,
      @Nullable OneOffRecording recording) {
    SyncPlan plan = syncer.plan(selection, options, SyncListener.NONE);
    SyncReport report =
        dryRun ? syncer.dryRunReport(plan) : apply(syncer, plan, SyncListener.NONE, recording);
    JsonReport.write(report, ManifestVersionProvider.version(), out);
    out.flush();
    return report.succeeded() ? ExitCodes.OK : ExitCodes.SYNC_FAILED;
  }

  private Optional<ServerRunner> serverMode() {
    Optional<ServerRunner> mode = environment.servers().get();
    if (mode.isEmpty()) {
      spec()
          .commandLine()
          .getErr()
          .println(
              "devpi-gitea-sync: server mode is not available: no server on the class path (run devpi-gitea-sync.jar, which sync-app builds)");
    }
    return mode;
  }

  private void checkFlagCombinations(CommandLine cmd) {
    if (port != null && (port < 0 || port > 65535)) {
      throw new ParameterException(
          cmd, "--port must be between 0 and 65535, not " + port, option(cmd, "--port"), null);
    }
    if (json && (server || demo)) {
      throw new ParameterException(
          cmd,
          "--json applies to one-off runs, not to --server or --demo",
          option(cmd, "--json"),
          null);
    }
  }

  private static @Nullable ArgSpec option(CommandLine cmd, String name) {
    return cmd.getCommandSpec().findOption(name);
  }

  private CommandSpec spec() {
    return Objects.requireNonNull(spec, "spec not injected");
  }

  // -- error handling: one place that turns exceptions into exit codes and short messages

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("devpi-gitea-sync: " + ex.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      ArgSpec arg = ex.getArgSpec();
      if (arg instanceof OptionSpec option) {
        err.println(helpLine(option));
      }
    }
    err.println("Run 'devpi-gitea-sync --help' for all options.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private int failure(Exception ex, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    if (ex instanceof ConfigException ce) {
      err.println(
          "devpi-gitea-sync: configuration error" + (ce.problems().size() > 1 ? "s" : "") + ":");
      for (ConfigProblem p : ce.problems()) {
        err.println("  " + p + (p.code() == Code.FILE_NOT_FOUND ? NOT_FOUND_HINT : ""));
      }
      err.flush();
      return ExitCodes.CONFIG;
    }
    if (ex instanceof SelectionException se) {
      selectionLines(se).forEach(line -> err.println("devpi-gitea-sync: " + line));
      CommandSpec commandSpec = cmd.getCommandSpec();
      err.println(helpLine(commandSpec.findOption("--org")));
      err.println(helpLine(commandSpec.findOption("--mapping")));
      err.flush();
      return ExitCodes.USAGE;
    }
    String message =
        Optional.ofNullable(ex.getMessage()).map(m -> m.lines().findFirst().orElse("")).orElse("");
    err.println(
        "devpi-gitea-sync: internal error: "
            + ex.getClass().getSimpleName()
            + (message.isEmpty() ? "" : ": " + message));
    if (stacktrace || verbose.length >= 2) {
      ex.printStackTrace(err);
    } else {
      err.println("Run again with -x for the stack trace.");
    }
    err.flush();
    return ExitCodes.INTERNAL;
  }

  /** A selection error in the words of this command's flags. */
  static List<String> selectionLines(SelectionException se) {
    if (se.noCommonMapping()) {
      return List.of(
          String.format(
              Locale.ROOT,
              "no mapping matches both --org %s and --mapping %s; mappings of those organizations: %s",
              String.join(", ", se.requestedOrganizations()),
              String.join(", ", se.requestedMappings()),
              String.join(", ", se.mappingsOfRequestedOrganizations())));
    }
    List<String> lines = new ArrayList<>();
    if (!se.unknownOrganizations().isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "no mapping reads organization %s (--org); known organizations: %s",
              SelectionException.quoteAll(se.unknownOrganizations()),
              String.join(", ", se.knownOrganizations())));
    }
    if (!se.unknownMappings().isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "no mapping named %s (--mapping); known mappings: %s",
              SelectionException.quoteAll(se.unknownMappings()),
              String.join(", ", se.knownMappings())));
    }
    return lines;
  }

  private static String helpLine(OptionSpec option) {
    String names = String.join(", ", option.names());
    String label = option.arity().max() > 0 ? " " + option.paramLabel() : "";
    String description = option.description().length > 0 ? option.description()[0] : "";
    return "  "
        + names
        + label
        + "  "
        + description.replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
  }
}
