package io.github.devpigiteasync.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.testkit.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server mode and the demo from the built jar, as separate JVMs stopped with SIGTERM, as users and
 * systemd do.
 */
class ServerJarSmokeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper mapper = new ObjectMapper();

  @TempDir Path dir;

  /** A running jar whose standard output is collected line by line. */
  static final class JarProcess implements AutoCloseable {
    final Process process;
    final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Path err;

    JarProcess(Path dir, String... args) throws IOException {
      Path jar = Path.of(Objects.requireNonNull(System.getProperty("cli.jar"), "cli.jar not set"));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", jar.toString()));
      command.addAll(List.of(args));
      err = dir.resolve("stderr.txt");
      ProcessBuilder pb =
          new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile());
      // the history store goes to the test's directory, never the user's state directory
      pb.environment().put("STATE_DIRECTORY", dir.resolve("state").toString());
      process = pb.start();
      process.getOutputStream().close();
      CompletableFuture.runAsync(
          () -> {
            try (BufferedReader r =
                new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
              for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
              }
            } catch (IOException e) {
              // the process ended
            }
          });
    }

    /** Waits for the {@code Dashboard: <url>} line. */
    String dashboardUrl() throws Exception {
      Instant end = Instant.now().plus(WAIT);
      while (Instant.now().isBefore(end)) {
        for (String line : lines) {
          if (line.startsWith("Dashboard: ")) {
            return line.substring("Dashboard: ".length()).strip();
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "exited " + process.exitValue() + ": " + lines + " " + Files.readString(err));
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no dashboard URL within " + WAIT + ": " + lines);
    }

    /** Sends SIGTERM and returns the exit code. */
    int terminate() throws Exception {
      process.destroy();
      if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("did not stop within " + WAIT + " after SIGTERM");
      }
      return process.exitValue();
    }

    String stderr() throws IOException {
      return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Writes a config file with mode 0600, as the tool requires. */
  private static Path writeConfig(Path dir, String ini) throws IOException {
    Path file = dir.resolve("sync.conf");
    Files.writeString(file, ini, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private JsonNode getJson(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return mapper.readTree(r.body());
  }

  private JsonNode awaitHealth(String base, Predicate<JsonNode> condition) throws Exception {
    Instant end = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(end)) {
      last = getJson(base + "health");
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("health never matched: " + last);
  }

  private static boolean everyMappingSucceeded(JsonNode health) {
    JsonNode mappings = health.path("mappings");
    if (mappings.isEmpty()) {
      return false;
    }
    for (JsonNode m : mappings) {
      if (m.path("lastSuccess").isNull() || m.path("lastSuccess").isMissingNode()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void serverSyncsAtStartServesHealthAndExits0OnSigterm() throws Exception {
    try (Sandbox sandbox = Sandbox.start(dir)) {
      sandbox.publishWheel("foo", "1.0");
      sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().sdist("foo", "1.0").build());
      Path staging = dir.resolve("staging");
      Path config =
          sandbox.writeConfig(
              sandbox.ini(
                  "[mapping:acme]",
                  "index = " + Sandbox.INDEX,
                  "",
                  "[runtime]",
                  "download_dir = " + staging));

      try (JarProcess server =
          new JarProcess(
              dir, "-c", config.toString(), "--server", "--host", "127.0.0.1", "--port", "0")) {
        String base = server.dashboardUrl();
        JsonNode health = awaitHealth(base, ServerJarSmokeTest::everyMappingSucceeded);
        String page =
            http.send(
                    HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();

        int exit = server.terminate();

        assertThat(health.path("status").asText()).isEqualTo("ok");
        assertThat(sandbox.devpi().files(Sandbox.INDEX)).hasSize(2);
        assertThat(page).contains(Sandbox.ORG, Sandbox.INDEX);
        assertThat(page + health + server.lines + server.stderr())
            .doesNotContain(sandbox.giteaToken(), sandbox.devpiPassword());
        assertThat(exit).isZero();
        try (Stream<Path> left = Files.walk(staging)) {
          assertThat(left.filter(Files::isRegularFile)).as("staged files after stop").isEmpty();
        }
      }
    }
  }

  @Test
  void aOneOffDryRunLoadsNoServerClasses() throws Exception {
    try (Sandbox sandbox = Sandbox.start(dir)) {
      sandbox.publishWheel("foo", "1.0");
      Path config = sandbox.writeConfig(sandbox.ini("[mapping:acme]", "index = " + Sandbox.INDEX));

      JarSmokeTest.Run r =
          JarSmokeTest.runJarWith(List.of("-verbose:class"), "-c", config.toString(), "--dry-run");

      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).contains("1 to upload", "io.github.devpigiteasync.sync.SyncEngine");
      assertThat(r.out())
          .doesNotContain(
              "io.undertow.",
              "io.github.devpigiteasync.server.",
              "io.github.devpigiteasync.testkit.",
              "io.github.devpigiteasync.app.",
              "com.github.mustachejava.");
    }
  }

  @Test
  void serverOnAPortInUseExits2AndNamesTheAddress() throws Exception {
    Path config =
        writeConfig(
            dir,
            String.join(
                "\n",
                "[gitea]",
                "url = http://127.0.0.1:9/",
                "token = t",
                "",
                "[devpi]",
                "url = http://127.0.0.1:9/",
                "username = ci",
                "password = p",
                "",
                "[mapping:acme]",
                "index = ci/prod",
                ""));
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        JarProcess server =
            new JarProcess(
                dir,
                "-c",
                config.toString(),
                "--server",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(taken.getLocalPort()))) {

      boolean ended = server.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(ended).isTrue();
      assertThat(server.process.exitValue()).isEqualTo(2);
      assertThat(server.stderr()).contains(Integer.toString(taken.getLocalPort()));
    }
  }

  @Test
  void demoRendersTheDashboardInARealBrowser() throws Exception {
    try (JarProcess demo = new JarProcess(dir, "--demo", "--port", "0")) {
      String base = demo.dashboardUrl();
      JsonNode health = awaitHealth(base, ServerJarSmokeTest::everyMappingSucceeded);
      assertThat(health.path("mappings").path(0).path("name").asText()).isEqualTo("demo");

      Path chromium = Browser.find().orElse(null);
      Assumptions.assumeTrue(
          chromium != null,
          "no chromium on PATH: .ci/run installs Debian's chromium when it runs as root; skipping the browser check");
      Path screenshot = Path.of(System.getProperty("cli.jar")).resolveSibling("dashboard.png");
      String dom = Browser.dumpDom(chromium, base, dir.resolve("profile"));
      Browser.screenshot(chromium, base, dir.resolve("profile2"), screenshot);

      assertThat(dom)
          .contains(
              "data-mapping=\"demo\"", "demo-org", "demo/prod", "acme_api-1.0.0-py3-none-any.whl");
      assertThat(dom).contains("is archived");
      assertThat(screenshot).exists();
      assertThat(demo.terminate()).isZero();
    }
  }
}
