/**
 * The runnable jar {@code devpi-gitea-sync.jar}: joins the command line (sync-cli) to server mode
 * (sync-server) through the command line's {@link io.github.devpigiteasync.cli.ServerRunner} seam.
 * Nothing depends on this package; its main class is {@link io.github.devpigiteasync.cli.SyncCli}.
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.app;
