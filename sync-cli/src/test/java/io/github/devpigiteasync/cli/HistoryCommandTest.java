package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.store.HistoryStore;
import io.github.devpigiteasync.store.RunRecorder;
import io.github.devpigiteasync.store.StoreOptions;
import io.github.devpigiteasync.store.Trigger;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.MappingPlan;
import io.github.devpigiteasync.sync.PlannedFile;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-off runs record into the configured history store, and {@code history} prints it: through the
 * real entry point, with the real engine against the simulators.
 */
class HistoryCommandTest {
  @TempDir Path dir;
  private Sandbox sandbox;
  private Path state;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(dir);
    state = dir.resolve("state");
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Path config(String... store) {
    String ini =
        sandbox.ini(
            "[mapping:acme]",
            "index = ci/prod",
            "",
            "[runtime]",
            "download_dir = " + dir.resolve("staging"),
            "state_dir = " + state,
            "",
            String.join("\n", store));
    return sandbox.writeConfig(ini);
  }

  private Result run(String... args) {
    CliEnvironment env =
        CliEnvironment.system().withEnv(Map.<String, String>of()::get).withInteractive(false);
    return CliHarness.run(env, args);
  }

  @Test
  void aOneOffRunIsRecordedAndHistoryPrintsItsUploads() {
    Dist core = sandbox.dists().wheel("acme_core", "1.4.0").build();
    sandbox.gitea().publish(Sandbox.ORG, core);
    sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().wheel("acme-cli", "2.0").build());
    Path config = config();

    Result sync = run("-c", config.toString());
    Result table = run("history", "-c", config.toString(), "--project", "Acme.Core");
    Result all = run("history", "-c", config.toString());

    assertThat(sync.exitCode()).as(sync.err()).isZero();
    assertThat(Files.exists(state.resolve("history.db"))).isTrue();
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out().lines())
        .hasSize(2)
        .first()
        .asString()
        .startsWith("TIME (UTC)")
        .contains("OUTCOME", "INDEX", "FILE", "SHA256");
    assertThat(table.out().lines().skip(1).findFirst().orElseThrow())
        .contains("uploaded", "ci/prod", core.filename(), core.sha256().substring(0, 12));
    assertThat(all.out().lines()).hasSize(3);
  }

  @Test
  void historyJsonHasTheFieldsOfTheHistoryApi() throws Exception {
    Dist core = sandbox.dists().wheel("acme_core", "1.4.0").build();
    sandbox.gitea().publish(Sandbox.ORG, core);
    Path config = config();
    run("-c", config.toString());

    Result r = run("history", "-c", config.toString(), "--file", core.filename(), "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode body = new ObjectMapper().readTree(r.out());
    assertThat(body.path("next").isNull()).isTrue();
    assertThat(body.path("events")).hasSize(1);
    JsonNode e = body.path("events").get(0);
    assertThat(Stream.of("time", "run", "mapping", "organization", "index", "project"))
        .allSatisfy(f -> assertThat(e.has(f)).as(f).isTrue());
    assertThat(e.path("mapping").asText()).isEqualTo("acme");
    assertThat(e.path("index").asText()).isEqualTo("ci/prod");
    assertThat(e.path("project").asText()).isEqualTo("acme-core");
    assertThat(e.path("version").asText()).isEqualTo("1.4.0");
    assertThat(e.path("filename").asText()).isEqualTo(core.filename());
    assertThat(e.path("sha256").asText()).isEqualTo(core.sha256());
    assertThat(e.path("outcome").asText()).isEqualTo("uploaded");
    assertThat(e.path("bytes").asLong()).isPositive();
  }

  @Test
  void anUnchangedRunAddsNoEventAndLimitCapsThePrintedEvents() {
    sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().wheel("one", "1.0").build());
    sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().wheel("two", "1.0").build());
    Path config = config();
    run("-c", config.toString());
    run("-c", config.toString());

    Result all = run("history", "-c", config.toString());
    Result one = run("history", "-c", config.toString(), "--limit", "1");

    assertThat(all.out().lines()).hasSize(3);
    assertThat(one.out().lines()).hasSize(3);
    assertThat(one.out()).contains("More events");
  }

  @Test
  void historyNeverPrintsASecretQuotedInAStoredReasonPlainOrJson() throws Exception {
    Path config = config();
    // a row written without redaction (another daemon's configuration, an older version)
    try (HistoryStore raw = HistoryStore.open(StoreOptions.embedded(state, 90))) {
      PlannedFile f =
          new PlannedFile(
              "acme-core",
              "1.4.0",
              "acme_core-1.4.0-py3-none-any.whl",
              10,
              "0".repeat(64),
              PlannedFile.Action.UPLOAD,
              "",
              "acme_core",
              "1.4.0");
      RunRecorder run = raw.startRun(Set.of(Trigger.ONE_OFF));
      run.fileFinished(
          new MappingPlan("acme", Sandbox.ORG, "ci/prod", "default", List.of(f), Optional.empty()),
          new FileResult(
              f.project(),
              f.version(),
              f.filename(),
              FileResult.Outcome.FAILED,
              "login as "
                  + Sandbox.USER
                  + ":"
                  + sandbox.devpiPassword()
                  + " refused; token "
                  + sandbox.giteaToken(),
              0,
              Duration.ZERO));
      run.fail("x");
      assertThat(raw.flush(Duration.ofSeconds(20))).isTrue();
    }

    Result table = run("history", "-c", config.toString());
    Result json = run("history", "-c", config.toString(), "--json");

    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(table.out()).contains("login as " + Sandbox.USER + ":**** refused; token ****");
    assertThat(
            new ObjectMapper().readTree(json.out()).path("events").get(0).path("reason").asText())
        .isEqualTo("login as " + Sandbox.USER + ":**** refused; token ****");
    assertThat(table.out() + table.err() + json.out() + json.err())
        .doesNotContain(sandbox.devpiPassword(), sandbox.giteaToken());
  }

  @Test
  void storeNoneRecordsNothingAndCreatesNoFile() {
    sandbox.gitea().publish(Sandbox.ORG, sandbox.dists().wheel("one", "1.0").build());
    Path config = config("[store]", "url = none");

    Result sync = run("-c", config.toString());
    Result history = run("history", "-c", config.toString());

    assertThat(sync.exitCode()).as(sync.err()).isZero();
    assertThat(Files.exists(state.resolve("history.db"))).isFalse();
    assertThat(history.exitCode()).isZero();
    assertThat(history.out()).contains("No events.");
    assertThat(history.err()).contains("no history is kept");
  }

  @Test
  void aBadSinceIsAUsageErrorNamingTheOption() {
    Result r = run("history", "-c", config().toString(), "--since", "last tuesday");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--since");
  }
}
