package io.github.devpigiteasync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX launcher {@code bin/devpi-gitea-sync}: finds the built jar, keeps a class-data-sharing
 * archive, and lets C2 compile SHA-256 in server mode through the shipped compiler directives.
 */
class LauncherJarSmokeTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out) {}

  private Run launch(Path cache, String... args) throws Exception {
    Path jar = Path.of(Objects.requireNonNull(System.getProperty("cli.jar"), "cli.jar not set"));
    Path launcher = jar.getParent().getParent().getParent().resolve("bin/devpi-gitea-sync");
    List<String> command = new java.util.ArrayList<>(List.of("sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("STATE_DIRECTORY", cache.resolve("state").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  private static List<Path> archives(Path cache) throws Exception {
    Path dir = cache.resolve("devpi-gitea-sync");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void firstOneOffRunRecordsAClassArchiveThatLaterRunsUseSilently() throws Exception {
    try (Sandbox sandbox = Sandbox.start(dir)) {
      sandbox.publishWheel("foo", "1.0");
      Path config = sandbox.writeConfig(sandbox.ini("[mapping:acme]", "index = " + Sandbox.INDEX));
      Path cache = dir.resolve("cache");

      Run version = launch(cache, "--version");
      Run first = launch(cache, "-c", config.toString(), "--dry-run");
      List<Path> recorded = archives(cache);
      Run second = launch(cache, "-c", config.toString(), "--dry-run");

      assertThat(version.exitCode()).isZero();
      assertThat(version.out()).startsWith("devpi-gitea-sync ");
      assertThat(first.exitCode()).isZero();
      assertThat(recorded)
          .as("one archive after the first real run, none for --version")
          .hasSize(1);
      assertThat(second.exitCode()).isZero();
      assertThat(second.out())
          .isEqualTo(first.out())
          .contains("1 to upload")
          .doesNotContain("cds", "CDS");
      assertThat(archives(cache)).isEqualTo(recorded);
    }
  }

  @Test
  void serverModeLoadsTheShippedCompilerDirectivesAndOneOffRunsDoNot() throws Exception {
    Path cache = dir.resolve("cache");

    Run server = launch(cache, "--server", "--version");
    Run oneOff = launch(cache, "--version");

    assertThat(server.exitCode())
        .as("the JVM starts with deploy/compiler-directives.json: %s", server.out())
        .isZero();
    assertThat(server.out()).contains("devpi-gitea-sync ").contains("2 compiler directives added");
    assertThat(oneOff.exitCode()).isZero();
    assertThat(oneOff.out()).doesNotContain("compiler directives");
  }
}
