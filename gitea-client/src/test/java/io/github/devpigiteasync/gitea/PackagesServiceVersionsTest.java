package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

class PackagesServiceVersionsTest {
  @RegisterExtension
  static WireMockExtension wm = TestSupport.newWireMock();

  @Test
  void gitea124UsesThePerPackageEndpoint() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(get(urlPathEqualTo("/api/v1/packages/acme/pypi/foo"))
        .willReturn(ok().withHeader("X-Total-Count", "2").withBodyFile("packages/versions-foo-1.24.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo").toList();

    assertThat(versions).extracting(GiteaPackage::version).containsExactly("1.1", "1.0");
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo"))
        .withQueryParam("page", equalTo("1")).withQueryParam("limit", equalTo("50"))
        .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  void gitea123FallsBackToSubstringSearchAndKeepsOnlyExactNamesIgnoringCase() {
    TestSupport.stubServer(wm, "1.23.8", 50);
    wm.stubFor(get(urlPathEqualTo("/api/v1/packages/acme"))
        .willReturn(ok().withHeader("X-Total-Count", "4").withBodyFile("packages/search-q-foo-1.23.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "foo").toList();

    assertThat(versions).extracting(GiteaPackage::name).containsExactly("Foo", "foo");
    assertThat(versions).extracting(GiteaPackage::version).containsExactly("1.1", "1.0");
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
        .withQueryParam("type", equalTo("pypi")).withQueryParam("q", equalTo("foo")));
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/foo")));
  }

  @Test
  void unknownPackageIsEmptyOn125Where200EmptyIsReturned() {
    TestSupport.stubServer(wm, "1.25.5", 50);
    wm.stubFor(get(urlPathEqualTo("/api/v1/packages/acme/pypi/nope"))
        .willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "nope").toList();

    assertThat(versions).isEmpty();
  }

  @Test
  void unknownPackageIsEmptyOn126Where404IsReturned() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    wm.stubFor(get(urlPathEqualTo("/api/v1/packages/acme/pypi/nope"))
        .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"The target couldn't be found.\"}")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "nope").toList();

    assertThat(versions).isEmpty();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/nope")));
  }

  @Test
  void forgejoIsTreatedByItsGiteaCompatibleVersion() {
    TestSupport.stubServer(wm, "7.0.5+gitea-1.21.11", 50);
    wm.stubFor(get(urlPathEqualTo("/api/v1/packages/acme"))
        .willReturn(ok().withHeader("X-Total-Count", "4").withBodyFile("packages/search-q-foo-1.23.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> versions = client.packages().versions("acme", "pypi", "FOO").toList();

    assertThat(versions).extracting(GiteaPackage::id).containsExactly(57L, 55L);
  }
}
