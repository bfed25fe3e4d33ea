package io.github.devpigiteasync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.StoredFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncEngineTest {
  @TempDir Path dir;
  SimHarness sim;

  @BeforeEach
  void start() {
    sim = new SimHarness(dir);
  }

  @AfterEach
  void stop() {
    assertThat(sim.stagedFiles()).as("staged files left behind").isEmpty();
    sim.close();
  }

  private static MappingReport only(SyncReport report) {
    assertThat(report.mappings()).hasSize(1);
    return report.mappings().get(0);
  }

  private static FileResult file(MappingReport report, String filename) {
    return report.files().stream()
        .filter(f -> f.filename().equals(filename))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void missingFilesAreUploadedWithTheirCoreMetadata() {
    Dist wheel = sim.wheel("foo", "1.0.0");
    Dist sdist = sim.sdist("foo", "1.0.0");

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(report.succeeded()).isTrue();
    assertThat(report.files())
        .extracting(FileResult::filename, FileResult::outcome)
        .containsExactly(
            tuple(wheel.filename(), Outcome.UPLOADED), tuple(sdist.filename(), Outcome.UPLOADED));
    assertThat(report.bytesUploaded()).isEqualTo(wheel.size() + sdist.size());
    StoredFile stored = sim.devpi.file("ci/prod", wheel.filename()).orElseThrow();
    assertThat(stored.sha256()).isEqualTo(wheel.sha256());
    assertThat(stored.project()).isEqualTo("foo");
    assertThat(stored.version()).isEqualTo("1.0.0");
    assertThat(stored.field("requires_python")).isEqualTo(">=3.9");
    assertThat(stored.field("summary")).isEqualTo("the foo package");
  }

  @Test
  void secondPassFindsEverythingPresentAndUploadsNothing() {
    sim.wheel("foo", "1.0.0");
    sim.wheel("foo", "1.1.0");
    SyncConfig config = sim.config("ci/prod");
    sim.sync(config);
    sim.devpi.resetCounters();

    MappingReport report = only(sim.sync(config));

    assertThat(report.files()).extracting(FileResult::outcome).containsOnly(Outcome.PRESENT);
    assertThat(sim.devpi.requestCount("POST", "^/ci/prod/$")).isZero();
  }

  @Test
  void newWheelInAnAlreadySyncedVersionIsUploaded() {
    sim.sdist("foo", "1.0.0");
    SyncConfig config = sim.config("ci/prod");
    sim.sync(config);
    Dist lateWheel = sim.wheel("foo", "1.0.0");

    MappingReport report = only(sim.sync(config));

    assertThat(file(report, lateWheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(report.count(Outcome.PRESENT)).isEqualTo(1);
    assertThat(sim.devpi.files("ci/prod")).hasSize(2);
  }

  @Test
  void repositoryAllowlistKeepsOnlyLinkedPackagesAndSaysWhy() {
    sim.gitea.repo("acme", "web", false).repo("acme", "other", false);
    Dist linked = sim.wheel("foo", "1.0");
    Dist elsewhere = sim.wheel("bar", "1.0");
    Dist unlinked = sim.wheel("baz", "1.0");
    sim.gitea.link("acme", "foo", "web").link("acme", "bar", "other");

    MappingReport report = only(sim.sync(sim.config("ci/prod", "repositories = web, api")));

    assertThat(file(report, linked.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, elsewhere.filename()).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(file(report, elsewhere.filename()).reason())
        .contains("'other'", "repositories = web, api");
    assertThat(file(report, unlinked.filename()).reason()).contains("not linked to a repository");
    assertThat(sim.devpi.files("ci/prod"))
        .extracting(StoredFile::filename)
        .containsExactly(linked.filename());
  }

  @Test
  void packagesOfArchivedRepositoriesAreSkippedUnlessIncluded() {
    sim.gitea.repo("acme", "old", true);
    Dist archived = sim.wheel("legacy", "0.9");
    sim.gitea.link("acme", "legacy", "old");

    MappingReport skipped = only(sim.sync(sim.config("ci/prod")));
    MappingReport included = only(sim.sync(sim.config("ci/prod", "include_archived = true")));

    assertThat(file(skipped, archived.filename()).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(file(skipped, archived.filename()).reason()).contains("'old' is archived");
    assertThat(file(included, archived.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
  }

  @Test
  void packageGlobsExcludesCommandLineFiltersAndFileTypesApply() {
    Dist apiWheel = sim.wheel("acme-api", "1.0");
    Dist apiSdist = sim.sdist("acme-api", "1.0");
    Dist internal = sim.wheel("acme-internal", "1.0");
    Dist tools = sim.wheel("tools", "1.0");
    Dist cli = sim.wheel("acme-cli", "1.0");
    SyncConfig config =
        sim.config(
            "ci/prod",
            "packages = acme-*, tools",
            "exclude_packages = *-internal",
            "file_types = wheel");

    MappingReport report =
        only(sim.sync(config, new SyncOptions(false, List.of("Acme_API", "acme-cl?"))));

    assertThat(file(report, apiWheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, cli.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, apiSdist.filename()).reason()).contains("sdist files are not synced");
    assertThat(file(report, internal.filename()).reason())
        .contains("exclude_packages = *-internal");
    assertThat(file(report, tools.filename()).reason())
        .isEqualTo("package name does not match this run's package filter Acme_API, acme-cl?");
  }

  @Test
  void plannedFilesCarryAReasonCodeForEveryRule() {
    Dist upload = sim.wheel("acme-api", "1.0");
    Dist sdist = sim.sdist("acme-api", "1.0");
    Dist filtered = sim.wheel("tools", "1.0");
    Dist conflict = sim.wheel("acme-core", "1.0");
    uploadDirectly("ci/prod", sim.dists.wheel("acme-core", "1.0").seed(7).padding(10).build());
    SyncConfig config = sim.config("ci/prod", "file_types = wheel");

    SyncPlan plan = sim.plan(config, new SyncOptions(false, List.of("acme-*")));

    Map<String, PlannedFile> files = new HashMap<>();
    plan.mappings().get(0).files().forEach(f -> files.put(f.filename(), f));
    assertThat(files.get(upload.filename()).reasonCode()).isEqualTo(PlannedFile.ReasonCode.NONE);
    assertThat(files.get(sdist.filename()).reasonCode())
        .isEqualTo(PlannedFile.ReasonCode.FILE_TYPE);
    assertThat(files.get(filtered.filename()).reasonCode())
        .isEqualTo(PlannedFile.ReasonCode.PACKAGE_FILTER);
    assertThat(files.get(conflict.filename()).reasonCode())
        .isEqualTo(PlannedFile.ReasonCode.DIFFERENT_BYTES);
    assertThat(files.values()).extracting(PlannedFile::reason).noneMatch(r -> r.contains("--"));
  }

  @Test
  void filesThatAreNotDistributionsOrDoNotMatchTheirPackageAreSkippedWithAReason() {
    Dist wheel = sim.dists.wheel("foo", "2.0").build();
    sim.gitea.publish("acme", "foo", "2.0", wheel, null);
    Dist wrongVersion = sim.dists.wheel("foo", "3.0").build();
    sim.gitea.publish("acme", "foo", "2.1", wrongVersion, null);
    Dist otherProject = sim.dists.wheel("bar", "2.0").build();
    sim.gitea.publish("acme", "foo", "2.0", otherProject, null);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, wrongVersion.filename()).reason())
        .contains("version '3.0' does not match Gitea version '2.1'");
    assertThat(file(report, otherProject.filename()).reason())
        .contains("does not belong to Gitea package 'foo'");
    assertThat(sim.devpi.files("ci/prod")).hasSize(1);
  }

  @Test
  void dottedAndUnderscoredNamesAreGroupedUnderTheirPep503Name() {
    Dist wheel = sim.wheel("Data.Utils_Lib", "1.2.0");
    Dist sdist = sim.sdist("Data.Utils_Lib", "1.2.0");

    SyncPlan plan = sim.plan(sim.config("ci/prod"), SyncOptions.defaults());
    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(plan.mappings().get(0).files())
        .extracting(PlannedFile::project, PlannedFile::version)
        .containsOnly(tuple("data-utils-lib", "1.2.0"));
    assertThat(report.count(Outcome.UPLOADED)).isEqualTo(2);
    assertThat(sim.devpi.files("ci/prod"))
        .extracting(StoredFile::project)
        .containsOnly("data-utils-lib");
    assertThat(sim.devpi.file("ci/prod", wheel.filename())).isPresent();
    assertThat(sim.devpi.file("ci/prod", sdist.filename())).isPresent();
  }

  @Test
  void applyWritesWhereThePlanWasMadeNotWhereTheEngineConfigPoints() {
    Dist wheel = sim.wheel("foo", "1.0");
    SyncPlan plan = sim.plan(sim.config("ci/prod"), SyncOptions.defaults());

    SyncReport report;
    try (SyncEngine other = sim.engine(sim.config("ci/dev"))) {
      report = other.apply(plan, SyncListener.NONE);
    }

    assertThat(plan.mappings().get(0).target().orElseThrow().index().toString())
        .isEqualTo("ci/prod");
    assertThat(file(only(report), wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.file("ci/prod", wheel.filename())).isPresent();
    assertThat(sim.devpi.file("ci/dev", wheel.filename())).isEmpty();
  }

  @Test
  void aPlanWithoutTargetFailsItsUploadsWithoutTouchingAServer() {
    Dist wheel = sim.wheel("foo", "1.0");
    MappingPlan made = sim.plan(sim.config("ci/prod"), SyncOptions.defaults()).mappings().get(0);
    MappingPlan byHand =
        new MappingPlan(
            made.mapping(),
            made.organization(),
            made.index(),
            made.devpiServer(),
            made.files(),
            Optional.empty());

    SyncReport report;
    try (SyncEngine engine = sim.engine(sim.config("ci/prod"))) {
      report =
          engine.apply(
              new SyncPlan(Instant.EPOCH, SyncOptions.defaults(), List.of(byHand)),
              SyncListener.NONE);
    }

    FileResult result = file(only(report), wheel.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).contains("has no target");
    assertThat(sim.devpi.file("ci/prod", wheel.filename())).isEmpty();
  }

  @Test
  void differentBytesUnderTheSameNameAreAConflictAndNotOverwritten() {
    Dist published = sim.wheel("foo", "1.0");
    Dist other = sim.dists.wheel("foo", "1.0").seed(99).padding(100).build();
    uploadDirectly("ci/prod", other);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    FileResult result = file(report, published.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.CONFLICT);
    assertThat(result.reason()).contains("different bytes", "force re-upload is off");
    assertThat(report.succeeded()).as("conflicts are not failures").isTrue();
    assertThat(sim.devpi.file("ci/prod", published.filename()).orElseThrow().sha256())
        .isEqualTo(other.sha256());
  }

  @Test
  void forceOnAVolatileIndexReplacesTheFile() {
    Dist published = sim.wheel("foo", "1.0");
    Dist other = sim.dists.wheel("foo", "1.0").seed(99).padding(100).build();
    uploadDirectly("ci/dev", other);

    MappingReport report = only(sim.sync(sim.config("ci/dev"), new SyncOptions(true, List.of())));

    assertThat(file(report, published.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(file(report, published.filename()).reason()).startsWith("forced");
    assertThat(sim.devpi.file("ci/dev", published.filename()).orElseThrow().sha256())
        .isEqualTo(published.sha256());
  }

  @Test
  void forceOnANonVolatileIndexReportsIdenticalAsPresentAndDifferentAsConflict() {
    Dist same = sim.wheel("foo", "1.0");
    SyncConfig config = sim.config("ci/prod");
    sim.sync(config);
    Dist changed = sim.wheel("bar", "1.0");
    uploadDirectly("ci/prod", sim.dists.wheel("bar", "1.0").seed(99).padding(100).build());

    MappingReport report = only(sim.sync(config, new SyncOptions(true, List.of())));

    assertThat(file(report, same.filename()).outcome()).isEqualTo(Outcome.PRESENT);
    assertThat(file(report, same.filename()).reason()).contains("identical");
    assertThat(file(report, changed.filename()).outcome()).isEqualTo(Outcome.CONFLICT);
    assertThat(file(report, changed.filename()).reason()).contains("409");
    assertThat(sim.devpi.files("ci/prod")).hasSize(2);
  }

  @Test
  void dryRunPlansButWritesNothing() {
    Dist wheel = sim.wheel("foo", "1.0");
    SyncConfig config = sim.config("ci/prod");
    sim.devpi.resetCounters();

    SyncPlan plan = sim.plan(config, SyncOptions.defaults());
    SyncReport report = SyncEngine.dryRun(plan);

    assertThat(plan.filesToUpload()).isEqualTo(1);
    assertThat(plan.bytesToUpload()).isEqualTo(wheel.size());
    assertThat(report.dryRun()).isTrue();
    assertThat(only(report).files())
        .extracting(FileResult::outcome)
        .containsExactly(Outcome.PLANNED);
    assertThat(only(report).duration())
        .isPositive()
        .isEqualTo(plan.mappings().get(0).planningTime());
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
    assertThat(sim.devpi.requests())
        .allSatisfy(r -> assertThat(r.method()).isIn("GET", "POST"))
        .noneSatisfy(r -> assertThat(r.path()).isEqualTo("/ci/prod/"));
    assertThat(sim.gitea.requestCount("GET", "/pypi/files/"))
        .as("no downloads in a dry run")
        .isZero();
  }

  @Test
  void giteaTokenIsTakenFromMappingThenOrganizationThenGlobal() {
    sim.gitea
        .owner("secret-org", true)
        .token("org-token", "secret-org")
        .token("mapping-token", "secret-org");
    Dist wheel = sim.dists.wheel("hidden", "1.0").build();
    sim.gitea.publish("secret-org", wheel);
    sim.wheel("open", "1.0");
    String ini =
        sim.head()
            + "[gitea:secret-org]\ntoken = org-token\n\n"
            + "[mapping:by-org]\norganization = secret-org\nindex = ci/prod\n\n"
            + "[mapping:by-mapping]\norganization = secret-org\nindex = ci/dev\ntoken = mapping-token\n\n"
            + "[mapping:global]\norganization = acme\nindex = ci/dev\n";

    SyncReport report = sim.sync(sim.parse(ini));

    assertThat(report.succeeded()).isTrue();
    assertThat(report.count(Outcome.UPLOADED)).isEqualTo(3);
    assertThat(sim.gitea.requests())
        .extracting(r -> r.header("Authorization").orElse(""))
        .contains("token org-token", "token mapping-token", "token " + SimHarness.GITEA_TOKEN);
    assertThat(sim.gitea.requests())
        .filteredOn(r -> r.path().contains("secret-org"))
        .extracting(r -> r.header("Authorization").orElse(""))
        .doesNotContain("token " + SimHarness.GITEA_TOKEN);
  }

  @Test
  void aMappingWithoutAnyTokenFailsAloneAndTheOthersRun() {
    sim.wheel("foo", "1.0");
    String ini =
        "[gitea]\nurl = "
            + sim.gitea.url()
            + "\n\n"
            + "[devpi]\nurl = "
            + sim.devpi.url()
            + "\nusername = ci\npassword_env = DEVPI_PASSWORD\n\n"
            + "[runtime]\ndownload_dir = "
            + sim.staging
            + "\n\n"
            + "[mapping:no-token]\norganization = acme\nindex = ci/prod\n\n"
            + "[mapping:with-token]\norganization = acme\nindex = ci/dev\ntoken_env = GITEA_TOKEN\n";

    SyncReport report = sim.sync(sim.parse(ini));

    assertThat(report.mappings())
        .extracting(MappingReport::mapping, MappingReport::succeeded)
        .containsExactly(tuple("no-token", false), tuple("with-token", true));
    assertThat(report.mappings().get(0).error())
        .get()
        .asString()
        .contains("configuration error", "token");
    assertThat(report.mappings().get(1).count(Outcome.UPLOADED)).isEqualTo(1);
  }

  @Test
  void aCorruptDownloadIsNeverUploadedAndTheNextPassRecovers() {
    Dist wheel = sim.wheel("foo", "1.0");
    sim.gitea.faults().corruptNextDownload("/pypi/files/");
    SyncConfig config = sim.config("ci/prod");

    MappingReport first = only(sim.sync(config));
    MappingReport second = only(sim.sync(config));

    assertThat(file(first, wheel.filename()).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(file(first, wheel.filename()).reason()).contains("sha256 mismatch", wheel.sha256());
    assertThat(first.succeeded()).isFalse();
    assertThat(file(second, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
  }

  @Test
  void transient503sFromBothServersAreRetried() {
    Dist wheel = sim.wheel("foo", "1.0");
    sim.gitea.faults().failNext("/api/v1/packages/acme", 503, 2).failNext("/pypi/files/", 502, 1);
    sim.devpi.faults().failNext("^/ci/prod/$", 503, 2);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.requestCount("POST", "^/ci/prod/$")).isEqualTo(3);
  }

  @Test
  void aConnectionDroppedMidDownloadIsResumedFromTheStart() {
    Dist big = sim.dists.wheel("big", "1.0").padding(2 << 20).build();
    sim.gitea.publish("acme", big);
    sim.gitea.faults().dropConnectionMidBody("/pypi/files/", 1);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(file(report, big.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
    assertThat(sim.devpi.file("ci/prod", big.filename()).orElseThrow().sha256())
        .isEqualTo(big.sha256());
  }

  @Test
  void anExpiredDevpiLoginMidRunIsRenewedOnce() {
    sim.wheel("foo", "1.0");
    SyncConfig config = sim.config("ci/prod");
    try (SyncEngine engine = sim.engine(config)) {
      engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);
      Dist later = sim.wheel("foo", "1.1");
      sim.devpi.expireAllTokens();

      SyncReport report =
          engine.sync(
              config.select(List.of(), List.of()), SyncOptions.defaults(), SyncListener.NONE);

      assertThat(file(only(report), later.filename()).outcome()).isEqualTo(Outcome.UPLOADED);
      assertThat(sim.devpi.requestCount("POST", "^/\\+login$")).isEqualTo(2);
    }
  }

  @Test
  void aWrongDevpiPasswordFailsTheFilesWithoutRetryLoops() {
    Dist wheel = sim.wheel("foo", "1.0");
    sim.env.put("DEVPI_PASSWORD", "wrong");
    sim.devpi.resetCounters();

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(report.succeeded()).isFalse();
    String why = report.error().orElseGet(() -> file(report, wheel.filename()).reason());
    assertThat(why).contains("401");
    assertThat(report.toString()).doesNotContain("wrong");
    assertThat(sim.devpi.requestCount("POST", "^/\\+login$")).isLessThanOrEqualTo(2);
  }

  @Test
  void anUploadWithoutPermissionIsReportedAsForbidden() {
    Dist wheel = sim.wheel("foo", "1.0");
    sim.devpi.user("reader", "pw").index("ci/locked", false);
    String ini =
        sim.head()
                .replace("username = ci", "username = reader")
                .replace("password_env = DEVPI_PASSWORD", "password = pw")
            + "[mapping:acme]\nindex = ci/locked\n";

    MappingReport report = only(sim.sync(sim.parse(ini)));

    assertThat(file(report, wheel.filename()).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(file(report, wheel.filename()).reason()).contains("403");
    assertThat(sim.devpi.requestCount("POST", "^/ci/locked/$")).isEqualTo(1);
  }

  @Test
  void aMissingIndexOrOrganizationFailsOnlyThatMapping() {
    sim.wheel("foo", "1.0");
    String ini =
        sim.head()
            + "[mapping:no-index]\norganization = acme\nindex = ci/nope\n\n"
            + "[mapping:no-org]\norganization = ghost\nindex = ci/dev\n\n"
            + "[mapping:fine]\norganization = acme\nindex = ci/prod\n";

    SyncReport report = sim.sync(sim.parse(ini));

    assertThat(report.mappings())
        .extracting(MappingReport::succeeded)
        .containsExactly(false, false, true);
    assertThat(report.mappings().get(0).error()).get().asString().contains("devpi", "404");
    assertThat(report.mappings().get(1).error()).get().asString().contains("Gitea", "404");
    assertThat(sim.gitea.requestCount("GET", "/api/v1/packages/ghost")).isEqualTo(1);
  }

  @Test
  void mappingsFanOutToSeveralIndicesAndServers() {
    var second = io.github.devpigiteasync.testkit.FakeDevpi.builder().build();
    try (second) {
      second
          .user("ci", SimHarness.DEVPI_PASSWORD)
          .index("mirror/all", false)
          .allowUpload("mirror/all", "ci");
      Dist wheel = sim.wheel("foo", "1.0");
      sim.gitea.owner("beta", false);
      Dist beta = sim.dists.wheel("beta-lib", "0.1").build();
      sim.gitea.publish("beta", beta);
      String ini =
          sim.head()
              + "[devpi:mirror]\nurl = "
              + second.url()
              + "\nusername = ci\npassword_env = DEVPI_PASSWORD\n\n"
              + "[mapping:acme-prod]\norganization = acme\nindex = ci/prod\n\n"
              + "[mapping:acme-mirror]\norganization = acme\nindex = mirror/all\ndevpi = mirror\n\n"
              + "[mapping:beta-mirror]\norganization = beta\nindex = mirror/all\ndevpi = mirror\n";
      List<String> finished = new CopyOnWriteArrayList<>();
      SyncListener listener =
          new SyncListener() {
            @Override
            public void mappingFinished(MappingReport report) {
              finished.add(report.mapping());
            }
          };

      SyncReport report;
      SyncConfig config = sim.parse(ini);
      try (SyncEngine engine = sim.engine(config)) {
        report = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), listener);
      }

      assertThat(report.succeeded()).isTrue();
      assertThat(finished).containsExactlyInAnyOrder("acme-prod", "acme-mirror", "beta-mirror");
      assertThat(sim.devpi.files("ci/prod"))
          .extracting(StoredFile::filename)
          .containsExactly(wheel.filename());
      assertThat(second.files("mirror/all"))
          .extracting(StoredFile::filename)
          .containsExactlyInAnyOrder(wheel.filename(), beta.filename());
    }
  }

  @Test
  void listenerSeesEveryFileExactlyOnceAndProgressForTransfers() {
    List<String> events = listenerEvents(sim.config("ci/prod"));

    assertThat(events).contains("TRANSFER complete");
    assertThat(events).doesNotContain("DOWNLOAD complete", "UPLOAD complete");
  }

  @Test
  void stagedTransfersReportTheDownloadAndTheUploadSeparately() {
    SyncConfig config =
        sim.parse(sim.head("transfer_mode = staged") + "[mapping:acme]\nindex = ci/prod\n");

    List<String> events = listenerEvents(config);

    assertThat(events).contains("DOWNLOAD complete", "UPLOAD complete");
    assertThat(events).doesNotContain("TRANSFER complete");
  }

  private List<String> listenerEvents(SyncConfig config) {
    Dist wheel = sim.dists.wheel("foo", "1.0").padding(300_000).build();
    sim.gitea.publish("acme", wheel);
    sim.gitea.publish(
        "acme", sim.dists.wheel("foo", "1.0").tag("cp311-cp311-linux_x86_64").build());
    List<String> events = new CopyOnWriteArrayList<>();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileFinished(MappingPlan mapping, FileResult result) {
            events.add("finished " + result.filename());
          }

          @Override
          public void fileProgress(
              MappingPlan mapping, PlannedFile file, Phase phase, long bytesDone) {
            if (bytesDone == wheel.size() && file.filename().equals(wheel.filename())) {
              events.add(phase + " complete");
            }
          }

          @Override
          public void mappingFinished(MappingReport report) {
            events.add("mapping " + report.mapping());
          }

          @Override
          public void fileStarted(MappingPlan mapping, PlannedFile file) {
            throw new IllegalStateException("listener bugs must not break a pass");
          }
        };

    SyncReport report;
    try (SyncEngine engine = sim.engine(config)) {
      report = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), listener);
    }

    assertThat(report.count(Outcome.UPLOADED)).isEqualTo(2);
    assertThat(events).filteredOn(e -> e.startsWith("finished")).hasSize(2);
    assertThat(events.get(events.size() - 1)).isEqualTo("mapping acme");
    return events;
  }

  private void uploadDirectly(String index, Dist dist) {
    // publish the other bytes in a scratch org and sync that org into the index
    sim.gitea.owner("scratch", false);
    sim.gitea.publish("scratch", dist);
    String ini = sim.head() + "[mapping:scratch]\nindex = " + index + "\n";
    sim.sync(sim.parse(ini));
    assertThat(sim.devpi.file(index, dist.filename()).orElseThrow().sha256())
        .isEqualTo(dist.sha256());
  }

  @Test
  void aRejectedGiteaTokenFailsTheMappingWithoutRetrying() {
    sim.wheel("foo", "1.0");
    sim.env.put("GITEA_TOKEN", "revoked-token");
    sim.gitea.resetCounters();

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(report.error())
        .get()
        .asString()
        .contains("Gitea", "401")
        .doesNotContain("revoked-token");
    assertThat(sim.gitea.requests()).as("one request, no retries").hasSize(1);
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
  }

  @Test
  void interruptingApplyCancelsTransfersAndLeavesNoStagedFiles() throws Exception {
    Dist slow = sim.wheel("slow", "1.0");
    sim.gitea.faults().delayNext("/pypi/files/", java.time.Duration.ofSeconds(20));
    SyncConfig config = sim.config("ci/prod");
    java.util.concurrent.atomic.AtomicReference<SyncReport> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    SyncListener listener =
        new SyncListener() {
          @Override
          public void fileStarted(MappingPlan mapping, PlannedFile file) {
            started.countDown();
          }
        };
    try (SyncEngine engine = sim.engine(config)) {
      SyncPlan plan = engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults());
      Thread t = new Thread(() -> result.set(engine.apply(plan, listener)));
      t.start();
      assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long before = System.nanoTime();

      t.interrupt();
      t.join(15_000);

      assertThat(t.isAlive()).isFalse();
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - before))
          .isLessThan(java.time.Duration.ofSeconds(15));
    }
    FileResult r = file(only(result.get()), slow.filename());
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("cancelled");
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
  }

  @Test
  void aPackageDeletedWhilePlanningIsLeftOutWithoutFailingTheMapping() {
    sim.wheel("gone", "1.0");
    sim.wheel("gone", "1.1");
    Dist kept = sim.wheel("kept", "1.0");
    sim.gitea.faults().failNext("/pypi/simple/gone", 404, 1);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(report.succeeded()).isTrue();
    assertThat(report.files()).extracting(FileResult::filename).containsExactly(kept.filename());
  }

  @Test
  void eachMappingReportsFinishedAsSoonAsItsOwnFilesAreDone() {
    sim.wheel("slow", "1.0");
    sim.gitea.owner("quick", false);
    sim.gitea.publish("quick", sim.dists.wheel("tiny", "1.0").build());
    sim.gitea.faults().delayNext("/acme/pypi/files/", java.time.Duration.ofSeconds(2));
    String ini =
        sim.head()
            + "[mapping:slow]\norganization = acme\nindex = ci/prod\n\n"
            + "[mapping:quick]\norganization = quick\nindex = ci/dev\n";
    List<String> finished = new CopyOnWriteArrayList<>();
    SyncListener listener =
        new SyncListener() {
          @Override
          public void mappingFinished(MappingReport report) {
            finished.add(report.mapping());
          }
        };
    SyncConfig config = sim.parse(ini);

    SyncReport report;
    try (SyncEngine engine = sim.engine(config)) {
      report = engine.sync(config.select(List.of(), List.of()), SyncOptions.defaults(), listener);
    }

    assertThat(finished).containsExactly("quick", "slow");
    assertThat(report.duration())
        .as("the pass covers every mapping, planning included")
        .isGreaterThanOrEqualTo(report.mappings().get(0).duration())
        .isGreaterThanOrEqualTo(report.mappings().get(1).duration());
    assertThat(report.mappings())
        .extracting(MappingReport::mapping)
        .containsExactly("slow", "quick");
    assertThat(report.succeeded()).isTrue();
  }

  @Test
  void aFileWhoseMetadataNamesAnotherProjectIsNeverUploaded() throws Exception {
    Dist bar = sim.dists.wheel("bar", "1.0").build();
    java.nio.file.Path renamed =
        java.nio.file.Files.copy(bar.path(), dir.resolve("foo-1.0-py3-none-any.whl"));
    Dist disguised =
        new Dist("foo-1.0-py3-none-any.whl", renamed, bar.size(), bar.sha256(), "foo", "1.0", "");
    sim.gitea.publish("acme", disguised);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    FileResult result = file(report, disguised.filename());
    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.reason()).contains("metadata Name 'bar'", "'foo'", "not uploaded");
    assertThat(sim.devpi.files("ci/prod")).isEmpty();
  }

  @Test
  void giteaNamesThatMeetUnderPep503FormOneProjectAndAFileTheyShareIsUploadedOnce() {
    Dist one = sim.dists.wheel("a-b", "1.0").build();
    Dist two = sim.dists.wheel("a-b", "2.0").build();
    sim.gitea.publish("acme", "a--b", "1.0", one, null);
    sim.gitea.publish("acme", "a-b", "2.0", two, null);
    sim.gitea.publish("acme", "a-b", "1.0", one, null);

    MappingReport report = only(sim.sync(sim.config("ci/prod")));

    assertThat(report.files()).extracting(FileResult::project).containsOnly("a-b");
    assertThat(report.count(Outcome.UPLOADED)).isEqualTo(2);
    assertThat(report.files())
        .filteredOn(f -> f.outcome() == Outcome.SKIPPED)
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("also published by Gitea package"));
    assertThat(sim.devpi.files("ci/prod"))
        .extracting(StoredFile::filename)
        .containsExactlyInAnyOrder(one.filename(), two.filename());
  }
}
