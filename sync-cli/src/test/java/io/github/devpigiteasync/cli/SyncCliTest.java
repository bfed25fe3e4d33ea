package io.github.devpigiteasync.cli;

import static io.github.devpigiteasync.cli.FakeSyncer.file;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.cli.CliHarness.Result;
import io.github.devpigiteasync.sync.PlannedFile.Action;
import io.github.devpigiteasync.sync.SyncException;
import io.github.devpigiteasync.sync.SyncListener;
import io.github.devpigiteasync.sync.SyncOptions;
import io.github.devpigiteasync.sync.SyncPlan;
import io.github.devpigiteasync.sync.SyncReport;
import io.github.devpigiteasync.sync.config.Mapping;
import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncCliTest {
  static final String CONFIG =
      """
      [gitea]
      url = http://127.0.0.1:9/
      token_env = GITEA_TOKEN

      [devpi]
      url = http://127.0.0.1:9/
      username = sync
      password_env = DEVPI_PASSWORD

      [mapping:web]
      organization = acme
      index = sync/web

      [mapping:tools]
      organization = tools-org
      index = sync/tools
      """;

  static final Map<String, String> ENV =
      Map.of("GITEA_TOKEN", "gitea-secret-1", "DEVPI_PASSWORD", "devpi-secret-2");

  @TempDir Path dir;
  Path config;
  FakeSyncer syncer;

  @BeforeEach
  void setUp() throws Exception {
    config = CliHarness.writeConfig(dir, CONFIG);
    syncer =
        new FakeSyncer(
            Map.of(
                "web",
                    List.of(
                        file("alpha-1.0-py3-none-any.whl", 2048, Action.UPLOAD, ""),
                        file("alpha-1.0.tar.gz", 1000, Action.PRESENT, "same sha256 in devpi"),
                        file(
                            "beta-1.0.exe",
                            -1,
                            Action.SKIP,
                            "extension .exe is not a wheel or sdist")),
                "tools",
                    List.of(
                        file(
                            "gamma-1.0.tar.gz", 10, Action.CONFLICT, "devpi has different bytes"))),
            List.of());
  }

  private Result run(String... args) {
    return CliHarness.run(CliHarness.environment(syncer, ENV), args);
  }

  private Result runWithConfig(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "-c";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return run(all);
  }

  @Test
  void helpListsEveryFlagAndTheExitCodes() {
    Result r = run("--help");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "--config",
            "--org",
            "--mapping",
            "--dry-run",
            "--force",
            "--server",
            "--host",
            "--port",
            "--verbose",
            "--package-filter",
            "--package-filters",
            "--json",
            "--version",
            "--demo",
            "--stacktrace",
            "devpi-gitea-sync.conf");
    assertThat(r.out())
        .contains(
            "Exit codes:",
            "0   every mapping succeeded",
            "1   at least one file",
            "2   usage error",
            "3   configuration",
            "4   internal error");
  }

  @Test
  void versionNamesTheTool() {
    Result r = run("--version");

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("devpi-gitea-sync ");
  }

  @Test
  void unknownFlagIsAUsageError() {
    Result r = run("--dryrun");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--dryrun'", "--dry-run", "--help");
    assertThat(syncer.planned).isEmpty();
  }

  @Test
  void badPortIsAUsageErrorShowingThePortHelpLine() {
    Result r = runWithConfig("--server", "--port", "70000");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("--port must be between 0 and 65535", "--port PORT  Dashboard port");
  }

  @Test
  void jsonWithServerModeIsAUsageError() {
    Result r = runWithConfig("--server", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--json applies to one-off runs");
  }

  @Test
  void unknownOrgIsAUsageErrorListingTheKnownOrganizations() {
    Result r = runWithConfig("--org", "nope");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'nope'", "acme", "tools-org", "-o, --org ORG");
    assertThat(r.err())
        .contains(
            "devpi-gitea-sync: no mapping reads organization 'nope' (--org); known organizations: acme, tools-org");
    assertThat(syncer.planned).isEmpty();
  }

  @Test
  void unknownMappingIsAUsageErrorListingTheKnownMappings() {
    Result r = runWithConfig("-m", "typo");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("'typo'", "web", "tools");
    assertThat(r.err())
        .contains(
            "devpi-gitea-sync: no mapping named 'typo' (--mapping); known mappings: web, tools");
  }

  @Test
  void orgAndMappingWithoutCommonMappingIsAUsageErrorNamingBothFlags() {
    Result r = runWithConfig("--org", "tools-org", "--mapping", "web");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "devpi-gitea-sync: no mapping matches both --org tools-org and --mapping web; "
                + "mappings of those organizations: tools");
    assertThat(syncer.planned).isEmpty();
  }

  @Test
  void invalidConfigListsEveryProblemAndExits3() throws Exception {
    CliHarness.writeConfig(
        dir,
        """
        [gitea]
        token = x

        [mapping:web]
        index = dev
        """);

    Result r = runWithConfig();

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("configuration errors:", "[gitea] url", "[mapping:web] index");
    assertThat(r.err()).contains(config + ":5: [mapping:web] index: 'dev' is not of the form");
    assertThat(r.err().lines().filter(l -> l.startsWith("  ")).count()).isGreaterThanOrEqualTo(2);
    assertThat(syncer.planned).isEmpty();
  }

  @Test
  void worldReadableConfigIsRefusedWithTheChmodFix() throws Exception {
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

    Result r = runWithConfig();

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("0644", "chmod 600", config.toString());
  }

  @Test
  void missingConfigFileExits3NamingTheFile() {
    Result r = run("-c", dir.resolve("absent.conf").toString());

    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err())
        .contains("absent.conf")
        .contains("config file not found")
        .contains("create it or pass another path with -c/--config");
  }

  @Test
  void successfulPassPrintsOneLinePerFileAndASummaryOnAPipe() {
    Result r = runWithConfig();

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "web: uploaded alpha-1.0-py3-none-any.whl (2.0 KiB, 0.4 s)",
            "web: present alpha-1.0.tar.gz: same sha256 in devpi",
            "web: skipped beta-1.0.exe: extension .exe is not a wheel or sdist",
            "tools: conflict gamma-1.0.tar.gz: devpi has different bytes");
    assertThat(r.out()).doesNotContain("\r");
    assertThat(r.out())
        .containsPattern(
            "mapping\\s+index\\s+uploaded\\s+present\\s+conflict\\s+skipped\\s+failed");
    assertThat(r.out())
        .containsPattern("web\\s+sync/web\\s+1\\s+1\\s+0\\s+1\\s+0\\s+2\\.0 KiB\\s+1\\.5 s");
    assertThat(r.out()).contains("OK: 1 uploaded (2.0 KiB), 0 failed, 0 of 2 mappings failed");
    assertThat(syncer.applied).isEqualTo(1);
    assertThat(syncer.closed).isTrue();
  }

  @Test
  void aFailedFileExits1AndIsListedUnderTheSummary() {
    syncer =
        new FakeSyncer(
            Map.of("web", List.of(file("fail-1.0.tar.gz", 5, Action.UPLOAD, ""))), List.of());

    Result r = runWithConfig();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains("web: failed fail-1.0.tar.gz: devpi answered 500", "FAILED: 0 uploaded");
  }

  @Test
  void aMappingThatFailedToPlanExits1ButTheOthersStillRun() {
    syncer =
        new FakeSyncer(
            Map.of("tools", List.of(file("gamma-1.0.tar.gz", 10, Action.UPLOAD, ""))),
            List.of("web"));

    Result r = runWithConfig();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "web: mapping failed: devpi at http://127.0.0.1:9/ is unreachable",
            "tools: uploaded gamma-1.0.tar.gz");
  }

  @Test
  void orgAndMappingAndForceAndPackageFiltersReachTheEngine() {
    Result r =
        runWithConfig(
            "-o",
            "acme",
            "--mapping",
            "web",
            "--force",
            "--package-filter",
            "alpha*",
            "--package-filters",
            "beta*");

    assertThat(r.exitCode()).isZero();
    assertThat(syncer.planned)
        .singleElement()
        .extracting(s -> s.mappings().stream().map(Mapping::name).toList())
        .isEqualTo(List.of("web"));
    assertThat(syncer.options).containsExactly(new SyncOptions(true, List.of("alpha*", "beta*")));
  }

  @Test
  void dryRunPrintsThePlanWithSkipReasonsAndNeverApplies() {
    Result r = runWithConfig("--dry-run");

    assertThat(r.exitCode()).isZero();
    assertThat(syncer.applied).isZero();
    assertThat(r.out())
        .contains(
            "mapping web (acme -> sync/web on default)",
            "1 to upload (2.0 KiB), 1 present, 0 conflicts, 1 skipped",
            "upload   alpha-1.0-py3-none-any.whl (2.0 KiB)",
            "skip     beta-1.0.exe: extension .exe is not a wheel or sdist",
            "conflict gamma-1.0.tar.gz: devpi has different bytes",
            "Dry run, nothing written: 1 files (2.0 KiB) would be uploaded");
  }

  @Test
  void jsonReportFollowsTheDocumentedSchema() throws Exception {
    Result r = runWithConfig("--json");

    assertThat(r.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(json.get("dryRun").asBoolean()).isFalse();
    assertThat(json.get("succeeded").asBoolean()).isTrue();
    assertThat(json.get("started").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(json.get("durationMillis").asLong()).isEqualTo(2000);
    assertThat(json.at("/totals/uploaded").asLong()).isEqualTo(1);
    assertThat(json.at("/totals/conflict").asLong()).isEqualTo(1);
    assertThat(json.at("/totals/bytesUploaded").asLong()).isEqualTo(2048);
    JsonNode web = json.at("/mappings/0");
    assertThat(web.get("mapping").asText()).isEqualTo("web");
    assertThat(web.get("organization").asText()).isEqualTo("acme");
    assertThat(web.get("index").asText()).isEqualTo("sync/web");
    assertThat(web.get("devpiServer").asText()).isEqualTo("default");
    assertThat(web.get("error").isNull()).isTrue();
    assertThat(web.get("durationMillis").asLong()).isEqualTo(1500);
    assertThat(web.at("/counts/skipped").asLong()).isEqualTo(1);
    JsonNode first = web.at("/files/0");
    assertThat(first.get("filename").asText()).isEqualTo("alpha-1.0-py3-none-any.whl");
    assertThat(first.get("outcome").asText()).isEqualTo("uploaded");
    assertThat(first.get("bytes").asLong()).isEqualTo(2048);
    assertThat(first.get("durationMillis").asLong()).isEqualTo(400);
    assertThat(web.at("/files/2/reason").asText())
        .isEqualTo("extension .exe is not a wheel or sdist");
    assertThat(r.out()).doesNotContain("web: uploaded");
  }

  @Test
  void jsonDryRunReportsPlannedFilesAndSetsDryRun() throws Exception {
    syncer =
        new FakeSyncer(
            Map.of("web", List.of(file("alpha-1.0.tar.gz", 7, Action.UPLOAD, ""))),
            List.of("tools"));

    Result r = runWithConfig("--json", "--dry-run");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(syncer.applied).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("dryRun").asBoolean()).isTrue();
    assertThat(json.at("/mappings/0/files/0/outcome").asText()).isEqualTo("planned");
    assertThat(json.at("/totals/planned").asLong()).isEqualTo(1);
    assertThat(json.at("/mappings/1/error").asText()).contains("unreachable");
    assertThat(json.at("/totals/mappingsFailed").asLong()).isEqualTo(1);
  }

  @Test
  void terminalShowsLiveProgressRedrawnInPlace() {
    Result r =
        CliHarness.run(
            CliHarness.environment(syncer, ENV).withInteractive(true), "-c", config.toString());

    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains("\rweb: 0/1 files, 0 B/2.0 KiB", "\rweb: 1/1 files, 2.0 KiB/2.0 KiB");
    assertThat(r.out()).doesNotContain("web: uploaded alpha");
  }

  @Test
  void internalErrorIsOneLineWithoutStackTraceUnlessAsked() {
    Syncer broken = new ThrowingSyncer();

    Result plain = CliHarness.run(CliHarness.environment(broken, ENV), "-c", config.toString());
    Result traced =
        CliHarness.run(CliHarness.environment(broken, ENV), "-c", config.toString(), "-x");

    assertThat(plain.exitCode()).isEqualTo(4);
    assertThat(plain.err()).contains("internal error: SyncException: boom").doesNotContain("\tat ");
    assertThat(traced.exitCode()).isEqualTo(4);
    assertThat(traced.err()).contains("internal error: SyncException: boom", "\tat ");
  }

  @Test
  void serverModeWithoutTheServerModuleExits4() {
    Result r = runWithConfig("--server");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err()).contains("server mode is not available");
  }

  /** Records what the command hands over to server mode. */
  static final class RecordingRunner implements ServerRunner {
    final List<String> calls = new ArrayList<>();

    @Override
    public int serve(
        SyncConfig cfg,
        Selection selection,
        SyncOptions options,
        boolean dryRun,
        @Nullable String host,
        @Nullable Integer port,
        PrintWriter out,
        PrintWriter err) {
      calls.add(
          "serve "
              + selection.mappings().stream().map(Mapping::name).toList()
              + " force="
              + options.force()
              + " dryRun="
              + dryRun
              + " "
              + host
              + ":"
              + port);
      out.println("Dashboard: http://" + host + ":" + port + "/");
      return 0;
    }

    @Override
    public int demo(
        @Nullable String host, @Nullable Integer port, PrintWriter out, PrintWriter err) {
      calls.add("demo " + host + ":" + port);
      return 2;
    }
  }

  @Test
  void serverHandsTheLoadedSelectionAndFlagsToTheServerRunner() {
    RecordingRunner runner = new RecordingRunner();
    CliEnvironment environment =
        CliHarness.environment(syncer, ENV).withServers(() -> Optional.of(runner));

    Result r =
        CliHarness.run(
            environment,
            "-c",
            config.toString(),
            "--server",
            "--mapping",
            "tools",
            "--force",
            "--dry-run",
            "--host",
            "0.0.0.0",
            "--port",
            "9000");

    assertThat(r.exitCode()).isZero();
    assertThat(runner.calls).containsExactly("serve [tools] force=true dryRun=true 0.0.0.0:9000");
    assertThat(r.out()).contains("Dashboard: http://0.0.0.0:9000/");
    assertThat(syncer.planned).as("no one-off pass in server mode").isEmpty();
  }

  @Test
  void demoNeedsNoConfigAndReturnsTheRunnersExitCode() {
    RecordingRunner runner = new RecordingRunner();
    CliEnvironment environment =
        CliHarness.environment(syncer, ENV).withServers(() -> Optional.of(runner));

    Result r = CliHarness.run(environment, "-c", "/nonexistent/sync.conf", "--demo", "--port", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(runner.calls).containsExactly("demo null:0");
  }

  @Test
  void verboseLogsGoToStderrAndNeverContainSecrets() {
    Result r = runWithConfig("-vv", "--host", "127.0.0.1");

    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("WARN", "--host and --port only apply to server mode");
    assertThat(r.out() + r.err()).doesNotContain("gitea-secret-1", "devpi-secret-2");
  }

  private static final class ThrowingSyncer implements Syncer {
    @Override
    public SyncPlan plan(Selection selection, SyncOptions options, SyncListener listener) {
      throw new SyncException("boom\nsecond line");
    }

    @Override
    public SyncReport apply(SyncPlan plan, SyncListener listener) {
      throw new AssertionError();
    }

    @Override
    public SyncReport dryRunReport(SyncPlan plan) {
      throw new AssertionError();
    }

    @Override
    public void close() {}
  }
}
