package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Distributions;
import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.FakeGitea;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command through its real entry point with the real engine, against the in-process simulators. */
class SyncCliEngineTest {
  private static final String GITEA_TOKEN = "cli-gitea-token-5f1e2d";
  private static final String DEVPI_PASSWORD = "cli-devpi-password-9a8b";

  @TempDir Path dir;
  private FakeGitea gitea;
  private FakeDevpi devpi;
  private Distributions dists;
  private Path config;
  private Path staging;

  @BeforeEach
  void start() throws Exception {
    gitea = FakeGitea.builder().build();
    devpi = FakeDevpi.builder().build();
    gitea.owner("acme", false).token(GITEA_TOKEN, "acme").repo("acme", "old", true);
    devpi.user("ci", DEVPI_PASSWORD).index("ci/prod", false).allowUpload("ci/prod", "ci");
    dists = Distributions.in(Files.createDirectories(dir.resolve("dists")));
    staging = dir.resolve("staging");
    config = CliHarness.writeConfig(dir, String.join("\n",
        "[gitea]", "url = " + gitea.url(), "token_env = GITEA_TOKEN", "",
        "[devpi]", "url = " + devpi.url(), "username = ci", "password_env = DEVPI_PASSWORD", "",
        "[mapping:acme]", "index = ci/prod", "",
        "[runtime]", "download_dir = " + staging, ""));
  }

  @AfterEach
  void stop() throws Exception {
    gitea.close();
    devpi.close();
    try (Stream<Path> left = Files.exists(staging) ? Files.walk(staging).filter(Files::isRegularFile) : Stream.empty()) {
      assertThat(left).as("staged files left behind").isEmpty();
    }
  }

  private Result run(String... args) {
    CliEnvironment env = CliEnvironment.system()
        .withEnv(Map.of("GITEA_TOKEN", GITEA_TOKEN, "DEVPI_PASSWORD", DEVPI_PASSWORD)::get)
        .withInteractive(false);
    String[] all = Stream.concat(Stream.of("-c", config.toString()), Stream.of(args)).toArray(String[]::new);
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
    assertThat(r.err()).contains("DEBUG", "GET " + gitea.url() + "api/v1/packages/acme?type=pypi&page=1&limit=50 -> 200", "POST " + devpi.url() + "ci/prod/ -> 200");
    assertThat(r.out() + r.err()).doesNotContain(GITEA_TOKEN, DEVPI_PASSWORD);
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
