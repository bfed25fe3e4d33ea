package io.github.devpigiteasync.server;

import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Redactor;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches server mode for a loaded configuration: builds the engine and the {@link SyncServer},
 * opens the history store the configuration names, binds, prints {@code Dashboard: <url>} and runs
 * until the JVM is asked to stop; then it stops scheduling, lets the running pass end or interrupts
 * it within the grace period (staged files are removed), and returns 0.
 *
 * <pre>{@code
 * SyncConfig config = SyncConfig.load(Path.of("devpi-gitea-sync.conf"));
 * ServerLauncher launcher =
 *     ServerLauncher.builder(config, config.select(List.of(), List.of())).port(8080).build();
 * int exit = launcher.runUntilStopped(out, err, () -> {});  // blocks until SIGTERM or Ctrl-C
 * }</pre>
 */
public final class ServerLauncher {
  private static final Logger log = LoggerFactory.getLogger(ServerLauncher.class);

  private final SyncEngine engine;
  private final HistoryStore store;
  private final SyncServer server;

  private ServerLauncher(Builder b) {
    this.engine =
        SyncEngine.builder().config(b.config).userAgent("devpi-gitea-sync/" + version()).build();
    // a store that cannot be reached opens degraded; only an unusable state_dir fails here
    this.store =
        HistoryStore.builder(StoreOptions.from(b.config))
            .redaction(redactor(b.config)::redact)
            .open();
    try {
      this.server =
          SyncServer.builder(
                  settings(b.config, b.selection, b.dryRun, b.host, b.port),
                  new EnginePass(engine, b.selection, b.options, b.dryRun))
              .redactor(redactor(b.config))
              .store(store)
              .build();
    } catch (RuntimeException e) {
      store.close();
      engine.close();
      throw e;
    }
  }

  /**
   * A launcher for the mappings of {@code selection}, with the host, port, poll interval and
   * secrets of the configuration's {@code [runtime]} section.
   */
  public static Builder builder(SyncConfig config, Selection selection) {
    return new Builder(config, selection);
  }

  /** The server this launcher runs, for requesting passes from outside ({@code scheduler()}). */
  public SyncServer server() {
    return server;
  }

  /**
   * Starts the server, prints its dashboard URL to {@code out} and blocks until the JVM is asked to
   * stop; then closes the server and the engine and runs {@code onStop}.
   *
   * @param onStop what else to release on stop (also run when binding fails)
   * @return 0 after a clean stop, 2 when the address cannot be bound (the reason goes to {@code
   *     err})
   */
  public int runUntilStopped(PrintWriter out, PrintWriter err, Runnable onStop) {
    Runnable cleanup =
        () -> {
          engine.close();
          // writes what is still buffered (bounded by the store's close timeout)
          store.close();
          onStop.run();
        };
    try {
      server.start();
    } catch (BindFailedException e) {
      err.println("devpi-gitea-sync: " + e.getMessage());
      err.flush();
      cleanup.run();
      return 2;
    }
    out.println("Dashboard: " + server.url());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: finishing or cancelling the running pass");
                  server.close();
                  cleanup.run();
                  stopped.countDown();
                  // a signal-initiated shutdown would exit 128+signal; a clean stop is 0
                  Runtime.getRuntime().halt(0);
                },
                "devpi-gitea-sync-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Settings of a {@link ServerLauncher}; {@link #build()} creates the engine and the server. */
  public static final class Builder {
    private final SyncConfig config;
    private final Selection selection;
    private SyncOptions options = SyncOptions.defaults();
    private boolean dryRun;
    private @Nullable String host;
    private @Nullable Integer port;

    private Builder(SyncConfig config, Selection selection) {
      this.config = Objects.requireNonNull(config, "config == null");
      this.selection = Objects.requireNonNull(selection, "selection == null");
    }

    /**
     * Options of every pass ({@code --force}, package filters); default {@link
     * SyncOptions#defaults()}.
     */
    public Builder options(SyncOptions options) {
      this.options = Objects.requireNonNull(options, "options == null");
      return this;
    }

    /** Passes only plan and show what they would do. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Bind address overriding {@code server_host}; null keeps the configured one. */
    public Builder host(@Nullable String host) {
      this.host = host;
      return this;
    }

    /** Port overriding {@code server_port} (0 picks a free one); null keeps the configured one. */
    public Builder port(@Nullable Integer port) {
      this.port = port;
      return this;
    }

    /** Creates the engine and the (not yet started) server; run it with {@code runUntilStopped}. */
    public ServerLauncher build() {
      return new ServerLauncher(this);
    }
  }

  static ServerSettings settings(
      SyncConfig config,
      Selection selection,
      boolean dryRun,
      @Nullable String host,
      @Nullable Integer port) {
    return ServerSettings.builder()
        .host(host != null ? host : config.runtime().serverHost())
        .port(port != null ? port : config.runtime().serverPort())
        .pollInterval(config.runtime().pollInterval())
        .webhookSecret(config.runtime().webhookSecret())
        .apiToken(config.runtime().apiToken())
        .version(version())
        .dryRun(dryRun)
        .mappings(
            selection.mappings().stream()
                .map(m -> new MappingInfo(m.name(), m.organization(), m.index(), m.devpiServer()))
                .toList())
        .build();
  }

  /**
   * Every secret the configuration holds, so none of them can reach the dashboard, /health or a log
   * line.
   */
  static Redactor redactor(SyncConfig config) {
    return Redactor.of(config.secrets());
  }

  static String version() {
    String v = ServerLauncher.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
