package io.github.devpigiteasync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the shaded jar as its own JVM, as users do (bound to the verify phase, after packaging). */
class JarSmokeTest {
  record Run(int exitCode, String out, String err) {}

  static Run runJar(String... args) throws IOException, InterruptedException {
    return runJarWith(List.of(), args);
  }

  static Run runJarWith(List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Path jar = Path.of(Objects.requireNonNull(System.getProperty("cli.jar"), "cli.jar not set"));
    assertThat(jar).exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      // the history store goes to a throw-away state directory, never the user's
      pb.environment().put("STATE_DIRECTORY", Files.createTempDirectory("state").toString());
      Process p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the jar did not exit within 60 s: " + command);
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void versionComesFromTheJarManifest() throws Exception {
    Run r = runJar("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out().strip()).isEqualTo("devpi-gitea-sync " + System.getProperty("cli.version"));
  }

  @Test
  void helpListsTheExitCodes() throws Exception {
    Run r = runJar("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: devpi-gitea-sync", "--dry-run", "Exit codes:");
  }

  @Test
  void missingConfigExits3() throws Exception {
    Run r = runJar("-c", "/nonexistent/devpi-gitea-sync.conf");

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("/nonexistent/devpi-gitea-sync.conf");
  }
}
