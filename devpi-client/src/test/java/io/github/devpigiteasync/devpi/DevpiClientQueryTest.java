package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.JSON;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DevpiClientQueryTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  private static final IndexRef DEV = IndexRef.parse("alice/dev");
  private static final IndexRef WITHBASE = IndexRef.parse("alice/withbase");
  private static final String WHEEL_SHA =
      "3c41f2c2a51be4e98041a51da7d5ce908fb0fdba829552e65e9847626c3f5266";

  private DevpiClient client;

  @BeforeEach
  void setUp() {
    client =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .retryPolicy(new RetryPolicy(2, Duration.ZERO, Duration.ZERO))
            .build();
  }

  @Test
  void indexReadsVolatileFlagAndBasesWithoutProjects() {
    wm.stubFor(
        get(urlEqualTo("/alice/stable?no_projects=")).willReturn(json(200, "index/stable.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/withbase?no_projects="))
            .willReturn(json(200, "index/withbase.json")));

    IndexInfo stable = client.index(IndexRef.parse("alice/stable"));
    IndexInfo withBase = client.index(WITHBASE);

    assertThat(stable).isEqualTo(new IndexInfo("alice/stable", "stage", false, List.of()));
    assertThat(withBase)
        .isEqualTo(new IndexInfo("alice/withbase", "stage", true, List.of("alice/stable")));
    wm.verify(
        getRequestedFor(urlEqualTo("/alice/stable?no_projects="))
            .withHeader("Accept", equalTo(JSON)));
  }

  @Test
  void indexThrowsNotFoundForMissingStage() {
    wm.stubFor(
        get(urlEqualTo("/alice/nope?no_projects="))
            .willReturn(json(404, "errors/stage-not-found.json")));

    assertThatThrownBy(() -> client.index(IndexRef.parse("alice/nope")))
        .isInstanceOf(DevpiNotFoundException.class)
        .hasMessageContaining("GET /alice/nope?no_projects=")
        .hasMessageContaining("The stage alice/nope could not be found.");
  }

  @Test
  void projectListsVersionsWithReleaseFilesOnlyAndSha256FromHashes() {
    wm.stubFor(get(urlEqualTo("/alice/dev/foo-bar")).willReturn(json(200, "project/foo-bar.json")));

    Map<String, VersionData> versions = client.project(DEV, "foo-bar", true);

    assertThat(versions).containsOnlyKeys("1.0.0", "1.0.1");
    VersionData v100 = versions.get("1.0.0");
    assertThat(v100.requiresPython()).contains(">=3.8");
    assertThat(v100.files())
        .extracting(ReleaseFile::filename)
        .containsExactly(
            "foo_bar-1.0.0-py3-none-any.whl", "foo_bar-1.0.0.tar.gz"); // toxresult dropped
    ReleaseFile whl = v100.files().get(0);
    assertThat(whl)
        .isEqualTo(
            new ReleaseFile(
                "foo_bar-1.0.0-py3-none-any.whl",
                "http://127.0.0.1:3141/alice/dev/+f/3c4/1f2c2a51be4e9/foo_bar-1.0.0-py3-none-any.whl",
                "1.0.0",
                Optional.of(WHEEL_SHA),
                "alice/dev"));
    assertThat(versions.get("1.0.1").files()).isEmpty();
    assertThat(versions.get("1.0.1").requiresPython()).isEmpty();
  }

  @Test
  void sha256FallsBackToHashSpecOnServersBefore618() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar")).willReturn(json(200, "project/foo-bar-6.17.json")));

    Map<String, VersionData> versions = client.project(DEV, "foo-bar", true);

    assertThat(versions.get("1.0.0").files())
        .singleElement()
        .extracting(ReleaseFile::sha256)
        .isEqualTo(Optional.of(WHEEL_SHA));
  }

  @Test
  void projectNameIsPep503NormalisedInTheUrl() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar?ignore_bases"))
            .willReturn(json(200, "project/foo-bar.json")));

    Map<String, VersionData> versions = client.project(DEV, "Foo__Bar", false);

    assertThat(versions).isNotEmpty();
    assertThat(io.github.devpigiteasync.devpi.internal.Pep503.normalize("FOO.bar-_baz"))
        .isEqualTo("foo-bar-baz");
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/alice/dev/foo-bar?ignore_bases")));
  }

  @Test
  void ownFilesExcludeFilesInheritedFromBases() {
    // Even if a server returned inherited files despite ignore_bases, they are filtered by href.
    wm.stubFor(
        get(urlEqualTo("/alice/withbase/foo-bar?ignore_bases"))
            .willReturn(json(200, "project/withbase-inherited.json")));

    List<ReleaseFile> own = client.ownFiles(WITHBASE, "foo-bar");

    assertThat(own)
        .extracting(ReleaseFile::filename)
        .containsExactly("foo_bar-1.0.2-py3-none-any.whl");
    assertThat(own).extracting(ReleaseFile::stage).containsExactly("alice/withbase");
    wm.verify(exactly(1), getRequestedFor(urlEqualTo("/alice/withbase/foo-bar?ignore_bases")));
  }

  @Test
  void projectWithBasesShowsInheritedFilesWithTheirStage() {
    wm.stubFor(
        get(urlEqualTo("/alice/withbase/foo-bar"))
            .willReturn(json(200, "project/withbase-inherited.json")));

    Map<String, VersionData> versions = client.project(WITHBASE, "foo-bar", true);

    assertThat(versions.get("1.0.0").files())
        .extracting(ReleaseFile::stage)
        .containsExactly("alice/stable");
  }

  @Test
  void ignoreBasesOnAbsentProjectGivesEmptyResult() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/nope?ignore_bases"))
            .willReturn(json(200, "project/ignore-bases-absent.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/bare?ignore_bases"))
            .willReturn(json(200, "project/ignore-bases-absent-bare.json")));

    List<ReleaseFile> own = client.ownFiles(DEV, "nope");
    Map<String, VersionData> bare = client.project(DEV, "bare", false);

    assertThat(own).isEmpty();
    assertThat(bare).isEmpty();
  }

  @Test
  void absentProjectIsEmptyWhenTheIndexExists() {
    wm.stubFor(get(urlEqualTo("/alice/dev/nope")).willReturn(json(404, "errors/no-project.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/dev?no_projects=")).willReturn(json(200, "index/withbase.json")));

    Map<String, VersionData> versions = client.project(DEV, "nope", true);

    assertThat(versions).isEmpty();
  }

  @Test
  void projectOnMissingIndexThrowsNotFound() {
    wm.stubFor(
        get(urlEqualTo("/alice/nope/foo-bar?ignore_bases"))
            .willReturn(json(404, "errors/stage-not-found.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/nope?no_projects="))
            .willReturn(json(404, "errors/stage-not-found.json")));

    assertThatThrownBy(() -> client.ownFiles(IndexRef.parse("alice/nope"), "foo-bar"))
        .isInstanceOf(DevpiNotFoundException.class)
        .hasMessageContaining("The stage alice/nope could not be found.");
  }

  @Test
  void versionReadsEveryFieldAndKeepsTheVersionStringExactly() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.0")).willReturn(json(200, "version/1.0.0.json")));

    Optional<VersionData> version = client.version(DEV, "Foo.Bar", "1.0.0");

    assertThat(version)
        .contains(
            new VersionData(
                "foo-bar",
                "1.0.0",
                Optional.of(">=3.8"),
                List.of(
                    new ReleaseFile(
                        "foo_bar-1.0.0-py3-none-any.whl",
                        "http://127.0.0.1:3141/alice/dev/+f/3c4/1f2c2a51be4e9/"
                            + "foo_bar-1.0.0-py3-none-any.whl",
                        "1.0.0",
                        Optional.of(WHEEL_SHA),
                        "alice/dev"))));
    wm.verify(
        exactly(1),
        getRequestedFor(urlEqualTo("/alice/dev/foo-bar/1.0.0"))
            .withHeader("Accept", equalTo(JSON)));
  }

  @Test
  void versionUnderAnIndexWithBasesShowsTheInheritedFileWithItsStage() {
    wm.stubFor(
        get(urlEqualTo("/alice/withbase/foo-bar/1.0.0"))
            .willReturn(json(200, "version/withbase-inherited.json")));

    Optional<VersionData> version = client.version(WITHBASE, "foo-bar", "1.0.0");

    assertThat(version.orElseThrow().files())
        .extracting(ReleaseFile::stage)
        .containsExactly("alice/stable");
  }

  @Test
  void versionAnsweredWithoutAResultIsTheRequestedVersionWithoutFiles() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.0"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", JSON)));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.1"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", JSON)
                    .withBody("{\"type\": \"versiondata\"}")));

    Optional<VersionData> empty = client.version(DEV, "foo-bar", "1.0.0");
    Optional<VersionData> noResult = client.version(DEV, "foo-bar", "1.0.1");

    assertThat(empty).contains(new VersionData("", "1.0.0", Optional.empty(), List.of()));
    assertThat(noResult).contains(new VersionData("", "1.0.1", Optional.empty(), List.of()));
  }

  @Test
  void unreadableJsonThrowsNamingTheRequest() {
    String truncated = "{\"result\": {\"name\": \"foo-bar\", \"version\": \"1.0.0\", \"+links\": [";
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.0"))
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", JSON).withBody(truncated)));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar?ignore_bases"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", JSON)
                    .withBody("{\"result\": {\"1.0.0\": " + truncated)));

    assertThatThrownBy(() -> client.version(DEV, "foo-bar", "1.0.0"))
        .isExactlyInstanceOf(DevpiException.class)
        .hasMessageStartingWith("GET /alice/dev/foo-bar/1.0.0 answered with unreadable JSON");
    assertThatThrownBy(() -> client.project(DEV, "foo-bar", false))
        .isExactlyInstanceOf(DevpiException.class)
        .hasMessageStartingWith(
            "GET /alice/dev/foo-bar?ignore_bases answered with unreadable JSON");
  }

  @Test
  void versionWithoutLinksHasNoFiles() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.5"))
            .willReturn(json(200, "version/submit-only.json")));

    Optional<VersionData> version = client.version(DEV, "foo-bar", "1.0.5");

    assertThat(version).get().extracting(VersionData::files).asList().isEmpty();
  }

  @Test
  void missingVersionIsEmpty() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/9.9")).willReturn(json(404, "errors/no-version.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/dev?no_projects=")).willReturn(json(200, "index/withbase.json")));

    Optional<VersionData> version = client.version(DEV, "foo-bar", "9.9");

    assertThat(version).isEmpty();
  }

  @Test
  void versionOnMissingIndexThrowsNotFound() {
    wm.stubFor(
        get(urlEqualTo("/alice/nope/foo-bar/1.0.0"))
            .willReturn(json(404, "errors/stage-not-found.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/nope?no_projects="))
            .willReturn(json(404, "errors/stage-not-found.json")));

    assertThatThrownBy(() -> client.version(IndexRef.parse("alice/nope"), "foo-bar", "1.0.0"))
        .isInstanceOf(DevpiNotFoundException.class)
        .hasMessageContaining("The stage alice/nope could not be found.");
  }

  @Test
  void getFollowsRedirectForNonNormalisedName() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.0"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader(
                        "Location",
                        wm.getRuntimeInfo().getHttpBaseUrl() + "/alice/dev/foo-bar/1.0.0-moved")));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar/1.0.0-moved"))
            .willReturn(json(200, "version/1.0.0.json")));

    Optional<VersionData> version = client.version(DEV, "foo-bar", "1.0.0");

    assertThat(version).isPresent();
    wm.verify(
        exactly(1),
        getRequestedFor(urlEqualTo("/alice/dev/foo-bar/1.0.0-moved"))
            .withHeader("Accept", equalTo(JSON)));
  }

  @Test
  void getRetries504ThenSucceeds() {
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar"))
            .inScenario("s")
            .whenScenarioStateIs("Started")
            .willReturn(aResponse().withStatus(504))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar"))
            .inScenario("s")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, "project/foo-bar.json")));

    Map<String, VersionData> versions = client.project(DEV, "foo-bar", true);

    assertThat(versions).hasSize(2);
    wm.verify(exactly(2), getRequestedFor(urlEqualTo("/alice/dev/foo-bar")));
  }

  @Test
  void baseUrlWithPathPrefixIsKept() {
    wm.stubFor(
        get(urlEqualTo("/devpi/alice/dev?no_projects="))
            .willReturn(json(200, "index/stable.json")));
    DevpiClient prefixed =
        DevpiClient.builder().baseUrl(wm.getRuntimeInfo().getHttpBaseUrl() + "/devpi").build();

    IndexInfo info = prefixed.index(DEV);

    assertThat(prefixed.baseUrl().encodedPath()).isEqualTo("/devpi/");
    assertThat(info.volatileIndex()).isFalse();
  }
}
