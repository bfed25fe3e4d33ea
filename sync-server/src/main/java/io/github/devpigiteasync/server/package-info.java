/**
 * Server mode: a scheduler that runs sync passes, a live dashboard, {@code /health}, {@code
 * /metrics}, a trigger API and a Gitea webhook receiver, on Undertow.
 *
 * <p>{@link io.github.devpigiteasync.server.ServerLauncher} runs it for a loaded configuration (the
 * runnable jar's {@code --server} and {@code --demo} do); embedded around your own pass:
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
