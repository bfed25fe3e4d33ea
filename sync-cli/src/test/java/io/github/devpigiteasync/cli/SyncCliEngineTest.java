package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command through its real entry point with the real engine, against the in-process simulators.
 */
class SyncCliEngineTest {
  @TempDir Path dir;
  private Sandbox sandbox;
  private FakeGitea gitea;
  private FakeDevpi devpi;
  private Distributions dists;
  private Path config;
  private Path staging;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(dir);
    gitea = sandbox.gitea();
    devpi = sandbox.devpi();
    dists = sandbox.dists();
    gitea.repo("acme", "old", true);
    staging = dir.resolve("staging");
    // secrets through environment variables, as an ops team would configure them
    config =
        sandbox.writeConfig(
            sandbox
                .ini(
                    "[mapping:acme]",
                    "index = ci/prod",
                    "",
                    "[runtime]",
                    "download_dir = " + staging)
                .replace("token = " + sandbox.giteaToken(), "token_env = GITEA_TOKEN")
                .replace("password = " + sandbox.devpiPassword(), "password_env = DEVPI_PASSWORD"));
  }

  @AfterEach
  void stop() throws Exception {
    sandbox.close();
    try (Stream<Path> left =
        Files.exists(staging) ? Files.walk(staging).filter(Files::isRegularFile) : Stream.empty()) {
      assertThat(left).as("staged files left behind").isEmpty();
    }
  }

  private Result run(String... args) {
    CliEnvironment env =
        CliEnvironment.system()
            .withEnv(
                Map.of(
                        "GITEA_TOKEN",
                        sandbox.giteaToken(),
                        "DEVPI_PASSWORD",
                        sandbox.devpiPassword())
                    ::get)
            .withInteractive(false);
    String[] all =
        Stream.concat(Stream.of("-c", config.toString()), Stream.of(args)).toArray(String[]::new);
    return CliHarness.run(env, all);
  }

  private Dist publish(String name, String version) {
    Dist d = dists.wheel(name, version).requiresPython(">=3.10").build();
    gitea.publish("acme", d);
    return d;
  }

  @Test
  void oneOffRunUploadsMissingFilesPrintsOneLinePerFileAndExits0() {
    Dist foo = publish("foo", "1.0");
    Dist bar = publish("bar", "2.0");

    Result r = run();

    assertThat(r.exitCode()).isZero();
    assertThat(devpi.files("ci/prod")).hasSize(2);
    assertThat(r.out()).contains(foo.filename(), bar.filename(), "uploaded");
  }

  @Test
  void aFailedFileExits1AndTheNextRunRecovers() {
    Dist foo = publish("foo", "1.0");
    gitea.faults().corruptNextDownload("/pypi/files/");

    Result first = run();
    Result second = run();

    assertThat(first.exitCode()).isEqualTo(1);
    assertThat(first.out()).contains(foo.filename(), "sha256 mismatch");
    assertThat(second.exitCode()).isZero();
    assertThat(devpi.file("ci/prod", foo.filename())).isPresent();
  }

  @Test
  void aQuietOneOffRunAsksNoServerDetectionRouteSinceOnlyTheVerboseLogShowsIt() {
    Dist foo = publish("foo", "1.0");

    Result r = run();

    assertThat(r.exitCode()).isZero();
    assertThat(devpi.file("ci/prod", foo.filename())).isPresent();
    assertThat(gitea.requestCount("GET", "^/api/v1/version$")).isZero();
    assertThat(gitea.requestCount("GET", "^/api/forgejo/v1/version$")).isZero();
  }

  @Test
  void dryRunPrintsThePlanWithReasonsAndWritesNothing() {
    publish("foo", "1.0");
    Dist archived = publish("legacy", "0.1");
    gitea.link("acme", "legacy", "old");

    Result r = run("--dry-run");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("1 to upload", archived.filename(), "'old' is archived");
    assertThat(devpi.files("ci/prod")).isEmpty();
    assertThat(devpi.requestCount("POST", "^/ci/prod/$")).isZero();
  }

  @Test
  void dryRunWordsTheRunsPackageFilterWithTheFlagName() {
    publish("foo", "1.0");
    Dist bar = publish("bar", "1.0");

    Result r = run("--dry-run", "--package-filter", "fo*");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "skip     " + bar.filename() + ": package name does not match --package-filter fo*");
  }

  @Test
  void jsonReportsEveryFileOnStdoutAndKeepsLogsOnStderr() throws Exception {
    Dist foo = publish("foo", "1.0");

    Result r = run("--json", "-v");

    assertThat(r.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("succeeded").asBoolean()).isTrue();
    JsonNode mapping = json.path("mappings").path(0);
    assertThat(mapping.path("mapping").asText()).isEqualTo("acme");
    assertThat(mapping.path("files").path(0).path("filename").asText()).isEqualTo(foo.filename());
    assertThat(mapping.path("files").path(0).path("outcome").asText()).isEqualTo("uploaded");
    assertThat(mapping.path("files").path(0).path("bytes").asLong()).isEqualTo(foo.size());
    assertThat(r.err()).contains("INFO");
  }

  @Test
  void debugOutputShowsHttpTrafficButNeverTheTokenOrPassword() {
    publish("foo", "1.0");

    Result r = run("-vv");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err())
        .contains(
            "DEBUG",
            "GET " + gitea.url() + "api/v1/packages/acme?type=pypi&page=1&limit=50 -> 200",
            "POST " + devpi.url() + "ci/prod/ -> 200");
    assertThat(r.out() + r.err()).doesNotContain(sandbox.giteaToken(), sandbox.devpiPassword());
  }

  @Test
  void forceUploadsAgainAndReportsIdenticalFilesAsPresent() {
    Dist foo = publish("foo", "1.0");
    run();
    devpi.resetCounters();

    Result r = run("--force");

    assertThat(r.exitCode()).isZero();
    assertThat(devpi.requestCount("POST", "^/ci/prod/$")).isEqualTo(1);
    assertThat(devpi.file("ci/prod", foo.filename())).isPresent();
  }
}
