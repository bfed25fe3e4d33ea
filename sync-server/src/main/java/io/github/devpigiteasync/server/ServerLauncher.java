package io.github.devpigiteasync.server;

import io.github.devpigiteasync.sync.ServerMode;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.DevpiServer;
import io.github.devpigiteasync.sync.config.MappingCredentials;
import io.github.devpigiteasync.sync.config.Secret;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode for the command line ({@code --server}, {@code --demo}), registered as a {@link
 * ServerMode} service. Runs until the JVM is asked to stop; then it stops scheduling, lets the
 * running pass end or interrupts it within the grace period (staged files are removed), and exits
 * 0.
 */
public final class ServerLauncher implements ServerMode {
  private static final Logger log = LoggerFactory.getLogger(ServerLauncher.class);
  private static final Duration DEMO_RELEASE_EVERY = Duration.ofMinutes(1);

  /** Used by {@link java.util.ServiceLoader}. */
  public ServerLauncher() {}

  @Override
  public int serve(
      SyncConfig config,
      Selection selection,
      SyncOptions options,
      boolean dryRun,
      @Nullable String host,
      @Nullable Integer port,
      PrintWriter out,
      PrintWriter err) {
    SyncEngine engine = engine(config);
    SyncServer server = server(engine, config, selection, options, dryRun, host, port);
    return runUntilStopped(server, out, err, engine::close);
  }

  @Override
  public int demo(@Nullable String host, @Nullable Integer port, PrintWriter out, PrintWriter err) {
    Demo demo = Demo.start();
    SyncConfig config = SyncConfig.load(demo.config());
    Selection selection = config.select(List.of(), List.of());
    SyncEngine engine = engine(config);
    SyncServer server =
        server(
            engine,
            config,
            selection,
            SyncOptions.defaults(),
            false,
            host != null ? host : "127.0.0.1",
            port);
    ScheduledExecutorService releases =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-releases");
              t.setDaemon(true);
              return t;
            });
    releases.scheduleWithFixedDelay(
        () -> {
          try {
            demo.publishNextRelease();
            server.scheduler().request(PassScope.all("demo"));
          } catch (RuntimeException e) {
            log.warn("Demo release failed", e);
          }
        },
        DEMO_RELEASE_EVERY.toSeconds(),
        DEMO_RELEASE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    out.println(
        "devpi-gitea-sync demo: Gitea simulator at "
            + demo.giteaUrl()
            + ", devpi simulator at "
            + demo.devpiUrl());
    out.println(
        "A new sample release is published every minute. Press Ctrl-C to stop; the demo removes its files.");
    return runUntilStopped(
        server,
        out,
        err,
        () -> {
          releases.shutdownNow();
          engine.close();
          demo.close();
        });
  }

  private static SyncEngine engine(SyncConfig config) {
    return SyncEngine.builder().config(config).userAgent("devpi-gitea-sync/" + version()).build();
  }

  private static SyncServer server(
      SyncEngine engine,
      SyncConfig config,
      Selection selection,
      SyncOptions options,
      boolean dryRun,
      @Nullable String host,
      @Nullable Integer port) {
    return SyncServer.builder(
            settings(config, selection, dryRun, host, port),
            new EnginePass(engine, selection, options, dryRun))
        .redactor(redactor(config))
        .build();
  }

  private static int runUntilStopped(
      SyncServer server, PrintWriter out, PrintWriter err, Runnable cleanup) {
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
    List<Secret> secrets = new ArrayList<>();
    config.gitea().token().ifPresent(secrets::add);
    for (DevpiServer s : config.devpiServers().values()) {
      s.password().ifPresent(secrets::add);
      s.token().ifPresent(secrets::add);
    }
    for (MappingCredentials c : config.credentials().values()) {
      c.giteaToken().ifPresent(secrets::add);
      c.devpiPassword().ifPresent(secrets::add);
      c.devpiToken().ifPresent(secrets::add);
    }
    config.runtime().webhookSecret().ifPresent(secrets::add);
    config.runtime().apiToken().ifPresent(secrets::add);
    return Redactor.of(secrets);
  }

  static String version() {
    String v = ServerLauncher.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
