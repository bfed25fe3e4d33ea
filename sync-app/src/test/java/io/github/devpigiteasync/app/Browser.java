package io.github.devpigiteasync.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium, driven from the command line (no driver download, no network beyond
 * loopback).
 */
final class Browser {
  private Browser() {}

  /** The chromium binary on the PATH, if any. */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The DOM after the page's scripts ran for a few seconds of virtual time. */
  static String dumpDom(Path chromium, String url, Path profile)
      throws IOException, InterruptedException {
    return run(chromium, profile, List.of("--virtual-time-budget=4000", "--dump-dom", url));
  }

  static void screenshot(Path chromium, String url, Path profile, Path png)
      throws IOException, InterruptedException {
    run(
        chromium,
        profile,
        List.of(
            "--virtual-time-budget=4000",
            "--window-size=1280,900",
            "--screenshot=" + png.toAbsolutePath(),
            url));
  }

  private static String run(Path chromium, Path profile, List<String> args)
      throws IOException, InterruptedException {
    Files.createDirectories(profile);
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile.toAbsolutePath()));
    command.addAll(args);
    Path out = profile.resolve("stdout.html");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(profile.resolve("stderr.txt").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 60 s");
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
