package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.Repository;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackagesServiceFilesTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @ParameterizedTest
  @ValueSource(strings = {"packages/files-1.23.json", "packages/files-1.24.json"})
  // traps 1, 16: Size before 1.24, size from 1.24; file order is undefined
  void filesReadSizeInBothCasingsAndAreSortedByName(String bodyFile) {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.2.0/files"))
            .willReturn(ok().withBodyFile(bodyFile)));
    GiteaClient client = TestSupport.clientFor(wm);

    List<PackageFile> files = client.packages().files("acme", "pypi", "acme-utils", "1.2.0");

    assertThat(files)
        .extracting(PackageFile::name)
        .containsExactly("acme_utils-1.2.0-py3-none-any.whl", "acme_utils-1.2.0.tar.gz");
    assertThat(files).extracting(PackageFile::size).containsExactly(30112L, 48213L);
    assertThat(files.get(1).sha256())
        .isEqualTo("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4");
    assertThat(files.get(1).id()).isEqualTo(905);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.2.0/files"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // traps 8, 9: the PyPI name is sent in Gitea's stored form, the version exactly as uploaded
  void filesOfAPypiNameAreRequestedInStoredFormWithTheRawVersion() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.0-rc1/files"))
            .willReturn(ok().withBodyFile("packages/files-1.24.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<PackageFile> files = client.packages().files("acme", "pypi", "acme_utils", "1.0-rc1");

    assertThat(files).hasSize(2);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.0-rc1/files"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // trap 16: a version may have zero files
  void versionWithoutFilesGivesEmptyList() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/x/1/files"))
            .willReturn(ok().withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<PackageFile> files = client.packages().files("acme", "pypi", "x", "1");

    assertThat(files).isEmpty();
  }

  @Test
  void simplePageIsParsedWithHashesAndUnescapedRequiresPython() {
    wm.stubFor(
        get(urlPathEqualTo("/api/packages/acme/pypi/simple/acme-utils"))
            .willReturn(
                ok().withHeader("Content-Type", "text/html; charset=utf-8")
                    .withBodyFile("pypi/simple-acme-utils.html")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<SimpleFile> files = client.packages().pypiSimple("acme", "acme-utils");

    assertThat(files)
        .containsExactly(
            new SimpleFile(
                "acme_utils-1.1.0.tar.gz",
                "1.1.0",
                "https://gitea.example.org/api/packages/acme/pypi/files/acme-utils/1.1.0/acme_utils-1.1.0.tar.gz",
                Optional.of("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"),
                Optional.of(">=3.8")),
            new SimpleFile(
                "acme_utils-1.2.0+local-py3-none-any.whl",
                "1.2.0+local",
                "https://gitea.example.org/api/packages/acme/pypi/files/acme-utils/1.2.0%2Blocal/"
                    + "acme_utils-1.2.0%2Blocal-py3-none-any.whl",
                Optional.of("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                Optional.of(">=3.9,<4")),
            new SimpleFile(
                "acme_utils-1.3.0.tar.gz",
                "1.3.0",
                "https://gitea.example.org/api/packages/acme/pypi/files/acme-utils/1.3.0/acme_utils-1.3.0.tar.gz",
                Optional.empty(),
                Optional.empty()));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/packages/acme/pypi/simple/acme-utils"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // trap 7: 404 on /api/packages means the project is missing
  void simplePageOfUnknownProjectThrowsNotFoundWithPlainTextMessage() {
    wm.stubFor(
        get(urlPathEqualTo("/api/packages/acme/pypi/simple/nope"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "text/plain; charset=utf-8")
                    .withBody("package does not exist\n")));
    GiteaClient client = TestSupport.clientFor(wm);

    assertThatThrownBy(() -> client.packages().pypiSimple("acme", "nope"))
        .isInstanceOfSatisfying(
            GiteaNotFoundException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.serverMessage()).isEqualTo("package does not exist");
              assertThat(e.path()).isEqualTo("/api/packages/acme/pypi/simple/nope");
            });
  }

  @Test
  void repositoryLookupReportsArchivedAndPrivate() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/repos/acme/acme-utils"))
            .willReturn(ok().withBodyFile("repos/acme-utils-archived.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    Repository repo = client.repos().get("acme", "acme-utils");

    assertThat(repo)
        .isEqualTo(
            new Repository(
                41,
                "acme-utils",
                "acme/acme-utils",
                true,
                true,
                Optional.of("https://gitea.example.org/acme/acme-utils")));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/repos/acme/acme-utils"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  void findRepositoryIsEmptyOn404AndGetThrows() {
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/repos/acme/gone"))
            .willReturn(aResponse().withStatus(404).withBodyFile("errors/not-found.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    Optional<Repository> found = client.repos().find("acme", "gone");

    assertThat(found).isEmpty();
    assertThatThrownBy(() -> client.repos().get("acme", "gone"))
        .isInstanceOf(GiteaNotFoundException.class);
  }
}
