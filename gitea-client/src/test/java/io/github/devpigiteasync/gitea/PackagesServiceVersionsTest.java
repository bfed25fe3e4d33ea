package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// Pins traps 6, 8, 9 and 17 of notes/gitea-api.md section 9 (comments name the trap).
class PackagesServiceVersionsTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @Test
  // trap 17: 1.24+ has GET /packages/{owner}/{type}/{name}
  void gitea124UsesThePerPackageEndpoint() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/foo"))
            .willReturn(
                ok().withHeader("X-Total-Count", "2")
                    .withBodyFile("packages/versions-foo-1.24.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo").toList();

    assertThat(versions).extracting(GiteaPackage::version).containsExactly("1.1", "1.0");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("limit", equalTo("50"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  // traps 6, 17: 1.23 has no versions endpoint; q is a substring match
  void gitea123FallsBackToSubstringSearchAndKeepsOnlyExactNamesIgnoringCase() {
    TestSupport.stubServer(wm, "1.23.8", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(
                ok().withHeader("X-Total-Count", "4")
                    .withBodyFile("packages/search-q-foo-1.23.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo").toList();

    assertThat(versions).extracting(GiteaPackage::name).containsExactly("Foo", "foo");
    assertThat(versions).extracting(GiteaPackage::version).containsExactly("1.1", "1.0");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("q", equalTo("foo")));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo")));
  }

  @Test
  // trap 17: 1.24-1.25 answer 200 [] for an unknown package
  void unknownPackageIsEmptyOn125Where200EmptyIsReturned() {
    TestSupport.stubServer(wm, "1.25.5", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/nope"))
            .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "nope").toList();

    assertThat(versions).isEmpty();
  }

  @Test
  // trap 17: 1.26+ answer 404 for an unknown package
  void unknownPackageIsEmptyOn126Where404IsReturned() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/nope"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"message\":\"The target couldn't be found.\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "nope").toList();

    assertThat(versions).isEmpty();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/nope")));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("limit", equalTo("1")));
  }

  @Test
  // trap 17: on 1.26+ a missing owner also answers 404 on the per-package endpoint
  void unknownOwnerOn126IsNotFoundNotAnEmptyListing() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/ghost/pypi/foo"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withBody("{\"message\":\"The target couldn't be found.\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/ghost"))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"GetUserByName\"}")));
    GiteaClient client = TestSupport.clientFor(wm);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client.packages().versions("ghost", "pypi", "foo").toList())
        .isInstanceOf(GiteaNotFoundException.class)
        .hasMessageContaining("/api/v1/packages/ghost");
  }

  @Test
  void forgejoIsTreatedByItsGiteaCompatibleVersion() {
    TestSupport.stubServer(wm, "7.0.5+gitea-1.21.11", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(
                ok().withHeader("X-Total-Count", "4")
                    .withBodyFile("packages/search-q-foo-1.23.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "FOO").toList();

    assertThat(versions).extracting(GiteaPackage::id).containsExactly(57L, 55L);
  }

  @Test
  // trap 8: Gitea stores PyPI names with "." and "_" as "-"; API v1 does no such mapping itself
  void pypiNameWithDotsAndUnderscoresIsSentInGiteasStoredForm() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/Foo-Bar-baz"))
            .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions =
        client.packages().versions("acme", "pypi", "Foo.Bar_baz").toList();

    assertThat(versions).isEmpty();
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/Foo-Bar-baz"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    // version, Forgejo detection (404 here), settings, the per-package listing
    wm.verify(exactly(4), anyRequestedFor(anyUrl()));
  }

  @Test
  // trap 8: runs of "-" are not collapsed (a--b and a-b are two Gitea packages)
  void runsOfDashesAreSentUncollapsed() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/a--b"))
            .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    client.packages().versions("acme", "pypi", "a._b").toList();

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/a--b")));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/a-b")));
  }

  @Test
  // traps 6, 8: on 1.23 an "_" in q would be a LIKE wildcard and never equal a stored name
  void gitea123FallbackSearchesForTheStoredFormAndComparesExactly() {
    TestSupport.stubServer(wm, "1.23.8", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(
                ok().withHeader("X-Total-Count", "2")
                    .withBodyFile("packages/search-q-a-b-1.23.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "a_b").toList();

    assertThat(versions).extracting(GiteaPackage::id).containsExactly(71L);
    assertThat(versions).extracting(GiteaPackage::name).containsExactly("A-b");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("q", equalTo("a-b"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("limit", equalTo("50")));
  }

  @Test
  // trap 8: only PyPI names are rewritten; other package types keep "." and "_"
  void nonPypiNamesAreSentUnchanged() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/generic/my_tool.bin"))
            .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    client.packages().versions("acme", "generic", "my_tool.bin").toList();

    wm.verify(
        exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/generic/my_tool.bin")));
  }

  @Test
  // traps 9, 17: versions are raw strings; 1.0 and 1.0.0 stay two entries, newest upload first
  void versionsEqualUnderPep440AreKeptApartInServerOrder() {
    TestSupport.stubServer(wm, "1.25.5", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/foo-bar"))
            .willReturn(
                ok().withHeader("X-Total-Count", "4")
                    .withBodyFile("packages/list-versions-of-one-project.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo_bar").toList();

    assertThat(versions)
        .extracting(GiteaPackage::version)
        .containsExactly("1.0.0", "1.0", "1.0-rc1", "1.0rc1");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo-bar"))
            .withQueryParam("page", equalTo("1")));
    wm.verify(
        exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo-bar/-/latest")));
  }
}
