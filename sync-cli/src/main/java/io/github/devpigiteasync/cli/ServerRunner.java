package io.github.devpigiteasync.cli;

import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/**
 * What {@code --server} and {@code --demo} hand over to: the command line's seam to server mode.
 *
 * <p>The command line never depends on the server. The module that builds the runnable jar
 * implements this interface and registers it in {@code
 * META-INF/services/io.github.devpigiteasync.cli.ServerRunner}; the command looks it up with {@link
 * java.util.ServiceLoader} only when asked for server mode, so a one-off run loads no server class.
 * Both methods block until the server is asked to stop (SIGTERM, Ctrl-C) and return the process
 * exit code.
 */
public interface ServerRunner {

  /**
   * Runs the daemon: a pass at start, then one every poll interval, with the dashboard and API on
   * the runtime settings' host and port.
   *
   * @param dryRun passes only plan and show what they would do
   * @param host bind address overriding {@code server_host}, or null
   * @param port port overriding {@code server_port} (0 picks a free one), or null
   * @return 0 after a clean stop, 2 when the address cannot be bound
   */
  int serve(
      SyncConfig config,
      Selection selection,
      SyncOptions options,
      boolean dryRun,
      @Nullable String host,
      @Nullable Integer port,
      PrintWriter out,
      PrintWriter err);

  /**
   * Runs the same server against in-process Gitea and devpi simulators filled with sample packages;
   * writes only to a temporary directory, which is removed on stop.
   *
   * @param host bind address, or null for the loopback address
   * @param port port (0 picks a free one), or null for 8080
   * @return 0 after a clean stop, 2 when the address cannot be bound
   */
  int demo(@Nullable String host, @Nullable Integer port, PrintWriter out, PrintWriter err);
}
