/**
 * Server mode: a scheduler that runs sync passes, a live dashboard, {@code /health}, {@code
 * /metrics}, a trigger API and a Gitea webhook receiver, on Undertow.
 *
 * <p>Reached from the command line through {@link io.github.devpigiteasync.sync.ServerMode};
 * embedded use:
 *
 * <pre>{@code
 * try (SyncServer server = SyncServer.builder(settings, pass).build()) {
 *   server.start();
 *   System.out.println(server.url());
 * }
 * }</pre>
 */
@org.jspecify.annotations.NullMarked
package io.github.devpigiteasync.server;
