package io.github.devpigiteasync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.devpigiteasync.gitea.model.ServerInfo;
import io.github.devpigiteasync.gitea.model.ServerKind;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import io.github.devpigiteasync.testkit.FakeGitea;
import io.github.devpigiteasync.testkit.StoredFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's main cases against the simulator in Forgejo mode: an official build (version with
 * {@code +gitea-}), a source build (bare version, detected only by its route) and v16 (PEP 691 JSON
 * simple page).
 */
class ForgejoSyncEngineTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"11.0.15+gitea-1.22.0", "15.0.3", "16.0.0"})
  void missingFilesAreUploadedAndASecondPassUploadsOnlyTheNewRelease(String version) {
    try (SimHarness sim = new SimHarness(dir, FakeGitea.forgejo(version))) {
      Dist wheel = sim.wheel("foo", "1.0.0");
      Dist sdist = sim.sdist("foo", "1.0.0");
      SyncConfig config = sim.config("ci/prod");

      MappingReport first = sim.sync(config).mappings().get(0);
      Dist newer = sim.wheel("foo", "1.1.0");
      MappingReport second = sim.sync(config).mappings().get(0);

      assertThat(first.succeeded()).as(first.error().orElse("")).isTrue();
      assertThat(first.files())
          .extracting(FileResult::filename, FileResult::outcome)
          .containsExactly(
              tuple(wheel.filename(), Outcome.UPLOADED), tuple(sdist.filename(), Outcome.UPLOADED));
      StoredFile stored = sim.devpi.file("ci/prod", wheel.filename()).orElseThrow();
      assertThat(stored.sha256()).isEqualTo(wheel.sha256());
      assertThat(stored.field("requires_python")).isEqualTo(">=3.9");
      assertThat(second.files())
          .filteredOn(f -> f.outcome() == Outcome.UPLOADED)
          .extracting(FileResult::filename)
          .containsExactly(newer.filename());
      assertThat(sim.gitea.requestCount("GET", "/api/forgejo/v1/version")).isLessThanOrEqualTo(2);
      assertThat(sim.gitea.requestCount("GET", "/api/v1/packages/acme/pypi/foo$")).isZero();
      assertThat(sim.gitea.requestCount("GET", "/-/latest")).isZero();
      assertThat(sim.stagedFiles()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"11.0.15+gitea-1.22.0", "15.0.3"})
  void planCarriesTheDetectedForgejoAndItsReportedVersion(String version) {
    try (SimHarness sim = new SimHarness(dir, FakeGitea.forgejo(version))) {
      sim.wheel("foo", "1.0.0");

      MappingPlan plan = sim.plan(sim.config("ci/prod"), SyncOptions.defaults()).mappings().get(0);

      ServerInfo source = plan.target().orElseThrow().source().orElseThrow();
      assertThat(source.kind()).isEqualTo(ServerKind.FORGEJO);
      assertThat(source.version().raw()).isEqualTo(version);
    }
  }

  @Test
  void planCarriesTheDetectedGitea() {
    try (SimHarness sim = new SimHarness(dir)) {
      sim.wheel("foo", "1.0.0");

      MappingPlan plan = sim.plan(sim.config("ci/prod"), SyncOptions.defaults()).mappings().get(0);

      assertThat(plan.target().orElseThrow().source().orElseThrow().kind())
          .isEqualTo(ServerKind.GITEA);
    }
  }

  @Test
  void anEngineBuiltNotToDetectTheServerSyncsWithoutAskingAndLeavesTheSourceEmpty() {
    try (SimHarness sim = new SimHarness(dir, FakeGitea.forgejo("15.0.3"))) {
      sim.wheel("foo", "1.0.0");
      SyncConfig config = sim.config("ci/prod");

      try (SyncEngine engine = SyncEngine.builder().config(config).detectServer(false).build()) {
        SyncPlan plan = engine.plan(config.select(List.of(), List.of()), SyncOptions.defaults());
        SyncReport report = engine.apply(plan, SyncListener.NONE);

        assertThat(plan.mappings().get(0).target().orElseThrow().source()).isEmpty();
        assertThat(report.mappings().get(0).succeeded()).isTrue();
      }
      assertThat(sim.gitea.requestCount("GET", "/api/v1/version")).isZero();
      assertThat(sim.gitea.requestCount("GET", "/api/forgejo/v1/version")).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"15.0.3", "16.0.0"})
  void v16IsAskedForItsJsonSimplePageAndEarlierVersionsForHtml(String version) {
    try (SimHarness sim = new SimHarness(dir, FakeGitea.forgejo(version))) {
      sim.wheel("foo", "1.0.0");

      MappingReport report = sim.sync(sim.config("ci/prod")).mappings().get(0);

      assertThat(report.succeeded()).as(report.error().orElse("")).isTrue();
      assertThat(sim.gitea.requests())
          .filteredOn(r -> r.path().contains("/pypi/simple/"))
          .allSatisfy(
              r ->
                  assertThat(r.header("Accept").orElse(""))
                      .startsWith("application/vnd.pypi.simple.v1+json"));
    }
  }
}
