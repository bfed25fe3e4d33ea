package io.github.devpigiteasync.app;

import io.github.devpigiteasync.app.demo.DemoServer;
import io.github.devpigiteasync.cli.ServerRunner;
import io.github.devpigiteasync.server.ServerLauncher;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/**
 * Server mode of the runnable jar: {@code --server} runs sync-server's {@link ServerLauncher},
 * {@code --demo} runs it against the simulators ({@link DemoServer}). Registered in {@code
 * META-INF/services}, so the command line finds it only when asked for server mode.
 */
public final class AppServerRunner implements ServerRunner {

  /** Used by {@link java.util.ServiceLoader}. */
  public AppServerRunner() {}

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
    return ServerLauncher.builder(config, selection)
        .options(options)
        .dryRun(dryRun)
        .host(host)
        .port(port)
        .build()
        .runUntilStopped(out, err, () -> {});
  }

  @Override
  public int demo(@Nullable String host, @Nullable Integer port, PrintWriter out, PrintWriter err) {
    return DemoServer.run(host, port, out, err);
  }
}
