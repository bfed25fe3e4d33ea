/**
 * The {@code devpi-gitea-sync} command line: one sync pass (or a dry run) per invocation, or a
 * hand-over to server mode through {@link io.github.devpigiteasync.cli.ServerRunner}.
 *
 * <pre>{@code
 * int exit = SyncCli.run(System.out, System.err, "-c", "devpi-gitea-sync.conf", "--dry-run");
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.cli;
