package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command's main case through its real entry point against the simulator in Forgejo mode. */
class SyncCliForgejoTest {
  @TempDir Path dir;

  private static Result run(Sandbox sandbox, Path config, String... args) {
    CliEnvironment env =
        CliEnvironment.system()
            .withEnv(Map.of("DEVPI_PASSWORD", sandbox.devpiPassword())::get)
            .withInteractive(false);
    String[] all =
        Stream.concat(Stream.of("-c", config.toString()), Stream.of(args)).toArray(String[]::new);
    return CliHarness.run(env, all);
  }

  @ParameterizedTest
  @ValueSource(strings = {"15.0.3", "15.0.3+gitea-1.22.0", "16.0.0"})
  void oneOffRunUploadsFromForgejoAndVeryVerboseOutputNamesTheDetectedServer(String version) {
    try (Sandbox sandbox = Sandbox.start(dir, FakeGitea.forgejo(version))) {
      FakeGitea gitea = sandbox.gitea();
      FakeDevpi devpi = sandbox.devpi();
      Dist foo = sandbox.dists().wheel("foo", "1.0").requiresPython(">=3.10").build();
      gitea.publish("acme", foo);
      Path config =
          sandbox.writeConfig(
              sandbox
                  .ini(
                      "[mapping:acme]",
                      "index = ci/prod",
                      "",
                      "[runtime]",
                      "download_dir = " + dir.resolve("staging"))
                  .replace(
                      "password = " + sandbox.devpiPassword(), "password_env = DEVPI_PASSWORD"));

      Result r = run(sandbox, config, "-vv");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out()).contains(foo.filename(), "uploaded");
      assertThat(devpi.file("ci/prod", foo.filename())).isPresent();
      assertThat(r.err()).contains("is Forgejo " + version + " (package API as Gitea 1.23)");
      assertThat(r.out() + r.err()).doesNotContain(sandbox.giteaToken());
    }
  }
}
