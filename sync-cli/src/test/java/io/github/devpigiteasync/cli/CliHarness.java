package io.github.devpigiteasync.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Runs {@link SyncCli} in-process and captures what it prints. */
final class CliHarness {
  record Result(int exitCode, String out, String err) {}

  private CliHarness() {}

  static Result run(CliEnvironment environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = SyncCli.run(environment, o, e, args);
    }
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CliEnvironment environment(Syncer syncer, Map<String, String> env) {
    return new CliEnvironment(
        env::get, false, System::nanoTime, config -> syncer, () -> java.util.Optional.empty());
  }

  /** Writes a config file with mode 0600, as the tool requires. */
  static Path writeConfig(Path dir, String ini) throws IOException {
    Path file = dir.resolve("sync.conf");
    Files.writeString(file, ini, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
