package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.ServerInfo;
import io.github.devpigiteasync.gitea.model.ServerKind;
import io.github.devpigiteasync.gitea.model.SimpleFile;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client on Forgejo, after notes/forgejo.md: detection, the routes it lacks, v16's JSON page.
 */
class ForgejoTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  private static void stubForgejo(String version) {
    TestSupport.stubServer(wm, version, 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/forgejo/v1/version"))
            .willReturn(okJson("{\"version\":\"" + version + "\"}")));
  }

  @Test
  void forgejoIsDetectedByItsMajorVersionWithoutTheGiteaSuffixOrAnotherRequest() {
    stubForgejo("15.0.3");
    GiteaClient client = TestSupport.clientFor(wm);

    ServerInfo server = client.server();

    assertThat(server).isEqualTo(new ServerInfo(ServerKind.FORGEJO, new GiteaVersion("15.0.3")));
    assertThat(server.packageApiAtLeast(1, 23)).isTrue();
    assertThat(server.packageApiAtLeast(1, 24)).isFalse();
    assertThat(server).hasToString("Forgejo 15.0.3");
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/version")));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version")));
  }

  @Test
  void forgejoIsDetectedByItsOwnVersionRouteWhenItsVersionLooksLikeGitea() {
    stubForgejo("1.21.11-1");
    GiteaClient client = TestSupport.clientFor(wm);

    ServerInfo server = client.server();

    assertThat(server).isEqualTo(new ServerInfo(ServerKind.FORGEJO, new GiteaVersion("1.21.11-1")));
    assertThat(server.packageApiAtLeast(1, 23)).isTrue();
    assertThat(server.packageApiAtLeast(1, 24)).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version")));
  }

  @Test
  void giteaIsDetectedWhenTheForgejoRouteIs404AndItsVersionDecides() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/forgejo/v1/version"))
            .willReturn(aResponse().withStatus(404).withBody("404 page not found\n")));
    GiteaClient client = TestSupport.clientFor(wm);

    ServerInfo server = client.server();

    assertThat(server.kind()).isEqualTo(ServerKind.GITEA);
    assertThat(server.packageApiAtLeast(1, 24)).isTrue();
    assertThat(server.packageApiAtLeast(1, 25)).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version")));
  }

  @Test
  void detectionHappensOnceAndSendsTheLowerCaseTokenScheme() {
    stubForgejo("1.21.11-1");
    GiteaClient client = TestSupport.clientFor(wm);

    client.server();
    client.server();

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/version")));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  void theGiteaSuffixMarksForgejoEvenWhenItsRouteIsRefused() {
    TestSupport.stubServer(wm, "11.0.15+gitea-1.22.0", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/forgejo/v1/version"))
            .willReturn(
                aResponse().withStatus(401).withBody("{\"message\":\"token is required\"}")));
    GiteaClient client = TestSupport.clientFor(wm);

    ServerInfo server = client.server();

    assertThat(server.kind()).isEqualTo(ServerKind.FORGEJO);
    assertThat(server.packageApiAtLeast(1, 24)).isFalse();
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version")));
  }

  @Test
  void aGiteaWhoseForgejoRouteIsRefusedIsTakenForGitea() {
    TestSupport.stubServer(wm, "1.23.8", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/forgejo/v1/version"))
            .willReturn(aResponse().withStatus(403).withBody("{\"message\":\"forbidden\"}")));
    GiteaClient client = TestSupport.clientFor(wm);

    ServerInfo server = client.server();

    assertThat(server.kind()).isEqualTo(ServerKind.GITEA);
    assertThat(server.packageApiAtLeast(1, 23)).isTrue();
    assertThat(server.packageApiAtLeast(1, 24)).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/forgejo/v1/version")));
  }

  @Test
  void versionsOnForgejoUseTheSubstringSearchAndNeverThePerPackageRoute() {
    stubForgejo("15.0.3");
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(
                ok().withHeader("X-Total-Count", "4")
                    .withBodyFile("packages/search-q-foo-1.23.json")));
    // what a 1.24-style client would get from Forgejo: no such route
    wm.stubFor(
        get(urlPathMatching("/api/v1/packages/acme/pypi/foo(/-/latest)?"))
            .willReturn(aResponse().withStatus(404).withBody("404 page not found\n")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo").toList();

    assertThat(versions).extracting(GiteaPackage::version).containsExactly("1.1", "1.0");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("q", equalTo("foo")));
    wm.verify(exactly(0), anyRequestedFor(urlPathMatching("/api/v1/packages/acme/pypi/foo.*")));
  }

  @Test
  void filesOnForgejoReadTheCapitalSize() {
    stubForgejo("15.0.3+gitea-1.22.0");
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.2.0/files"))
            .willReturn(ok().withBodyFile("forgejo/files-15.0.3.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<PackageFile> files = client.packages().files("acme", "pypi", "acme-utils", "1.2.0");

    assertThat(files).extracting(PackageFile::size).containsExactly(48213L);
  }

  @Test
  void forgejo16JsonSimplePageWithTwoContentTypeLinesIsRead() {
    wm.stubFor(
        get(urlPathEqualTo("/api/packages/acme/pypi/simple/acme-utils"))
            .willReturn(
                ok().withHeader(
                        "Content-Type", "application/vnd.pypi.simple.v1+json", "application/json")
                    .withBodyFile("forgejo/simple-acme-utils-v16.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<SimpleFile> files = client.packages().pypiSimple("acme", "acme-utils");

    assertThat(files)
        .containsExactly(
            new SimpleFile(
                "acme_utils-1.1.0.tar.gz",
                "1.1.0",
                "https://forgejo.example.org/api/packages/acme/pypi/files/acme-utils/1.1.0/acme_utils-1.1.0.tar.gz",
                Optional.of("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"),
                Optional.of(">=3.8")),
            new SimpleFile(
                "acme_utils-1.2.0+local-py3-none-any.whl",
                "1.2.0+local",
                "https://forgejo.example.org/api/packages/acme/pypi/files/acme-utils/1.2.0%2Blocal/"
                    + "acme_utils-1.2.0%2Blocal-py3-none-any.whl",
                Optional.of("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"),
                Optional.of(">=3.9,<4")),
            new SimpleFile(
                "acme_utils-1.3.0.tar.gz",
                "1.3.0",
                "https://forgejo.example.org/api/packages/acme/pypi/files/acme-utils/1.3.0/acme_utils-1.3.0.tar.gz",
                Optional.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                Optional.empty()));
  }

  @Test
  void simplePageRequestAsksForJsonFirstAndHtmlAsFallback() {
    wm.stubFor(
        get(urlPathEqualTo("/api/packages/acme/pypi/simple/acme-utils"))
            .willReturn(
                ok().withHeader("Content-Type", "application/vnd.pypi.simple.v1+html", "text/html")
                    .withBodyFile("pypi/simple-acme-utils.html")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<SimpleFile> files = client.packages().pypiSimple("acme", "acme-utils");

    assertThat(files).hasSize(3);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/packages/acme/pypi/simple/acme-utils"))
            .withHeader("Accept", equalTo(PackagesService.SIMPLE_ACCEPT)));
    assertThat(PackagesService.SIMPLE_ACCEPT)
        .startsWith("application/vnd.pypi.simple.v1+json")
        .contains("text/html");
  }
}
