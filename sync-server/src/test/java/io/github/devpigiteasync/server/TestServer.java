package io.github.devpigiteasync.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.sync.SyncEngine;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A started {@link SyncServer} on an ephemeral loopback port plus a {@link HttpClient} aimed at it.
 * The HTTP tests of the handlers live in this package because they go through {@code SyncServer}.
 */
final class TestServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  final SyncServer server;
  final URI base;

  private TestServer(SyncServer server) {
    this.server = server;
    this.base = URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  /** Default test settings: loopback, port 0, the three fixture mappings, a long poll interval. */
  static ServerSettings.Builder settings() {
    return ServerSettings.builder()
        .host("127.0.0.1")
        .port(0)
        .pollInterval(Duration.ofHours(1))
        .webhookDebounce(Duration.ofMillis(200))
        .shutdownGrace(Duration.ofSeconds(2))
        .version("1.2.3-test")
        .mappings(Fixtures.MAPPINGS);
  }

  /** Starts a server and waits until its startup pass has finished. */
  static TestServer start(ServerSettings settings, Pass pass) {
    return start(settings, pass, b -> b);
  }

  static TestServer start(
      ServerSettings settings, Pass pass, UnaryOperator<SyncServer.Builder> customize) {
    SyncServer server =
        customize
            .apply(
                SyncServer.builder(settings, pass).clock(Clock.fixed(Fixtures.T0, ZoneOffset.UTC)))
            .build();
    server.start();
    TestServer t = new TestServer(server);
    t.awaitRuns(1);
    return t;
  }

  /**
   * Starts a server whose passes run {@code engine} over every mapping of {@code config}, with the
   * default test settings, and waits until its startup pass has finished.
   */
  static TestServer start(
      SyncConfig config, SyncEngine engine, UnaryOperator<SyncServer.Builder> customize) {
    Selection selection = config.select(List.of(), List.of());
    ServerSettings settings =
        settings()
            .mappings(ServerLauncher.settings(config, selection, false, "127.0.0.1", 0).mappings())
            .build();
    return start(
        settings, new EnginePass(engine, selection, SyncOptions.defaults(), false), customize);
  }

  /** Starts a server without waiting for a pass (a standby runs none). */
  static TestServer startOnly(SyncServer server) {
    server.start();
    return new TestServer(server);
  }

  /** Waits until at least {@code n} passes have finished (successfully or not). */
  void awaitRuns(int n) {
    Fixtures.await(() -> server.status().snapshot(false).runs().size() >= n);
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
