package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.testkit.Dist;
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
