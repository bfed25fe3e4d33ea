package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.devpigiteasync.gitea.TestSupport.packagesJson;
import static io.github.devpigiteasync.gitea.TestSupport.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.User;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// Pins traps 2-7, 9, 13-15 of notes/gitea-api.md section 9 for the listing (comments name the
// trap).
class PackagesServiceListTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @RegisterExtension static WireMockExtension other = TestSupport.newWireMock();

  private static MappingBuilder page(int page) {
    return get(urlPathEqualTo("/api/v1/packages/acme"))
        .withQueryParam("page", equalTo(Integer.toString(page)));
  }

  @Test
  void listMapsRealShapedPayloadAndSendsTypeLimitAndToken() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        page(1)
            .willReturn(
                ok().withHeader("X-Total-Count", "2").withBodyFile("packages/list-page-1.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).hasSize(2);
    GiteaPackage first = packages.get(0);
    assertThat(first.id()).isEqualTo(312);
    assertThat(first.owner()).isEqualTo(new User(7, "acme"));
    assertThat(first.name()).isEqualTo("acme-utils");
    assertThat(first.version()).isEqualTo("1.2.0");
    assertThat(first.repository())
        .hasValueSatisfying(
            r -> {
              assertThat(r.fullName()).isEqualTo("acme/acme-utils");
              assertThat(r.archived()).isTrue();
            });
    assertThat(first.createdAt())
        .contains(OffsetDateTime.of(2025, 5, 13, 10, 15, 30, 0, ZoneOffset.ofHours(2)));
    assertThat(first.htmlUrl())
        .contains("https://gitea.example.org/acme/-/packages/pypi/acme-utils/1.2.0");
    GiteaPackage second = packages.get(1);
    assertThat(second.repository()).isEmpty();
    assertThat(second.creator()).contains(new User(-1, "Ghost"));
    assertThat(second.name()).isEqualTo("Acme-Tools");
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("q", absent())
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("limit", equalTo("50"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  void listSendsQueryFilterWhenGiven() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(page(1).willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    client.packages().list("acme", PackageQuery.pypi("acme")).toList();

    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("q", equalTo("acme")));
  }

  @Test
  // trap 4: limit is silently capped; paging follows what came back
  void silentlyCappedLimitStillReadsEveryPage() {
    // Settings say 50 but a proxy/server caps at 20: 45 entries arrive as 20 + 20 + 5.
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        page(1)
            .willReturn(
                ok().withHeader("X-Total-Count", "45").withBody(packagesJson(range(1, 20)))));
    wm.stubFor(
        page(2)
            .willReturn(
                ok().withHeader("X-Total-Count", "45").withBody(packagesJson(range(21, 40)))));
    wm.stubFor(
        page(3)
            .willReturn(
                ok().withHeader("X-Total-Count", "45").withBody(packagesJson(range(41, 45)))));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(boxed(range(1, 45)));
    wm.verify(
        exactly(3),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("limit", equalTo("50")));
  }

  @Test
  // trap 3: stop once page * limit >= X-Total-Count
  void stopsWhenTotalCountIsReachedWithoutAskingForAnEmptyPage() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    wm.stubFor(
        page(1).willReturn(ok().withHeader("X-Total-Count", "6").withBody(packagesJson(1, 2, 3))));
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "6").withBody(packagesJson(4, 5, 6))));
    wm.stubFor(
        page(3).willReturn(ok().withHeader("X-Total-Count", "6").withBody(packagesJson(99))));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  // trap 3: stop on a short page
  void stopsOnShortPageEvenIfTotalCountDriftedUpwards() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    wm.stubFor(
        page(1)
            .willReturn(ok().withHeader("X-Total-Count", "100").withBody(packagesJson(1, 2, 3))));
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "100").withBody(packagesJson(4))));
    wm.stubFor(page(3).willReturn(ok().withBody(packagesJson(99))));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(1L, 2L, 3L, 4L);
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  void withoutTotalCountAnEmptyPageEndsTheListing() {
    TestSupport.stubServer(wm, "1.24.7", 2);
    wm.stubFor(page(1).willReturn(ok().withBody(packagesJson(1, 2))));
    wm.stubFor(page(2).willReturn(ok().withBody(packagesJson(3, 4))));
    wm.stubFor(page(3).willReturn(ok().withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(1L, 2L, 3L, 4L);
    wm.verify(exactly(3), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  // trap 3: duplicates from upload drift are removed by id
  void entriesPushedOntoTheNextPageByAConcurrentUploadAreReturnedOnce() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    wm.stubFor(
        page(1).willReturn(ok().withHeader("X-Total-Count", "6").withBody(packagesJson(9, 8, 7))));
    // a new version (10) was uploaded meanwhile: 7 moves onto page 2
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "7").withBody(packagesJson(7, 6, 5))));
    wm.stubFor(page(3).willReturn(ok().withHeader("X-Total-Count", "7").withBody(packagesJson(4))));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(9L, 8L, 7L, 6L, 5L, 4L);
  }

  @Test
  // trap 5: Link URLs carry ROOT_URL; the client counts pages itself
  void linkHeaderToAnotherHostIsNeverFollowed() {
    TestSupport.stubServer(wm, "1.24.7", 2);
    String foreign = other.baseUrl() + "/api/v1/packages/acme?type=pypi&page=2&limit=2";
    wm.stubFor(
        page(1)
            .willReturn(
                ok().withHeader("X-Total-Count", "3")
                    .withHeader(
                        "Link", "<" + foreign + ">; rel=\"next\",<" + foreign + ">; rel=\"last\"")
                    .withBody(packagesJson(1, 2))));
    wm.stubFor(page(2).willReturn(ok().withHeader("X-Total-Count", "3").withBody(packagesJson(3))));
    other.stubFor(get(anyUrl()).willReturn(ok().withBody(packagesJson(666))));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(1L, 2L, 3L);
    other.verify(exactly(0), anyRequestedFor(anyUrl()));
  }

  @Test
  // trap 7: an owner without packages is 200 []
  void ownerWithoutPackagesGivesAnEmptyListing() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(page(1).willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).isEmpty();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  void listingIsLazyAndBuilderPageSizeBoundsTheLimit() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        page(1).willReturn(ok().withHeader("X-Total-Count", "4").withBody(packagesJson(1, 2))));
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "4").withBody(packagesJson(3, 4))));
    GiteaClient client =
        TestSupport.clientFor(wm, new TestSupport.RecordingSleeper()).pageSize(2).build();

    Paged<GiteaPackage> paged = client.packages().list("acme", PackageQuery.pypi());
    wm.verify(exactly(0), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
    Iterator<GiteaPackage> it = paged.iterator();
    it.next();

    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("limit", equalTo("2")));
  }

  @Test
  void ownerWithSpecialCharactersIsPercentEncodedAsOneSegment() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/a%2Fb%20c"))
            .willReturn(aResponse().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("a/b c", PackageQuery.pypi()).toList();

    assertThat(packages).isEmpty();
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/a%2Fb%20c")));
  }

  @Test
  // traps 2, 9, 15: one entry per version, server order kept, raw version strings, server offsets
  void listReturnsOneEntryPerVersionInServerOrderWithRawVersionStrings() {
    TestSupport.stubServer(wm, "1.26.4", 50);
    wm.stubFor(
        page(1)
            .willReturn(
                ok().withHeader("X-Total-Count", "4")
                    .withBodyFile("packages/list-versions-of-one-project.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(405L, 404L, 403L, 398L);
    assertThat(packages).extracting(GiteaPackage::name).containsOnly("Foo-Bar");
    assertThat(packages)
        .extracting(GiteaPackage::version)
        .containsExactly("1.0.0", "1.0", "1.0-rc1", "1.0rc1");
    assertThat(packages.get(1).createdAt())
        .isEqualTo(packages.get(2).createdAt())
        .contains(OffsetDateTime.of(2025, 6, 2, 9, 0, 0, 0, ZoneOffset.ofHours(2)));
    assertThat(packages.get(3).createdAt())
        .contains(OffsetDateTime.of(2025, 6, 1, 23, 59, 59, 0, ZoneOffset.ofHours(-5)));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("page", equalTo("1"))
            .withQueryParam("limit", equalTo("50")));
  }

  @Test
  // trap 13: a null repository is "unknown", which is not the same as "not archived"
  void nullRepositoryIsEmptyRatherThanAnUnarchivedRepository() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        page(1)
            .willReturn(
                ok().withHeader("X-Total-Count", "2").withBodyFile("packages/list-page-1.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages)
        .extracting(GiteaPackage::repository)
        .extracting(r -> r.map(x -> x.archived()))
        .containsExactly(Optional.of(true), Optional.empty());
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  // trap 7: a missing owner is a 404 (an existing owner without packages is 200 [])
  void listOfMissingOwnerThrowsNotFoundWithoutRetrying() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/nobody"))
            .willReturn(aResponse().withStatus(404).withBodyFile("errors/not-found.json")));
    GiteaClient client = TestSupport.clientFor(wm);
    Paged<GiteaPackage> paged = client.packages().list("nobody", PackageQuery.pypi());

    assertThatThrownBy(paged::toList)
        .isInstanceOfSatisfying(
            GiteaNotFoundException.class,
            e -> {
              assertThat(e.path()).isEqualTo("/api/v1/packages/nobody");
              assertThat(e.serverMessage()).isEqualTo("GetUserByName");
            });

    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/nobody"))
            .withQueryParam("page", equalTo("1"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // trap 7: a private org the caller cannot see is 403 on /api/v1, not 404
  void listOfInvisiblePrivateOrgThrowsAuthenticationExceptionWith403() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        page(1)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBodyFile("errors/forbidden-private-org.json")));
    GiteaClient client = TestSupport.clientFor(wm);
    Paged<GiteaPackage> paged = client.packages().list("acme", PackageQuery.pypi());

    assertThatThrownBy(paged::toList)
        .isInstanceOfSatisfying(
            GiteaAuthenticationException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.serverMessage())
                  .isEqualTo("user should have specific permission or be a site admin");
            });

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  @Test
  // trap 14: "token" in lower case (required before 1.25), never ?token= or ?access_token=
  void tokenIsSentAsLowerCaseTokenSchemeAndNeverInTheQuery() {
    TestSupport.stubServer(wm, "1.23.8", 50);
    wm.stubFor(page(1).willReturn(ok().withHeader("X-Total-Count", "0").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    client.packages().list("acme", PackageQuery.pypi()).toList();

    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN))
            .withQueryParam("token", absent())
            .withQueryParam("access_token", absent()));
    assertThat(wm.getAllServeEvents())
        .allSatisfy(
            e -> {
              assertThat(e.getRequest().getUrl()).doesNotContain(TestSupport.TOKEN);
              assertThat(e.getRequest().getHeader("Authorization"))
                  .isEqualTo("token " + TestSupport.TOKEN);
            });
  }

  @Test
  // trap 3: incremental syncs read from page 1 until a known version id; later pages are not
  // fetched
  void incrementalScanStopsFetchingOnceAKnownIdIsReached() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    wm.stubFor(
        page(1)
            .willReturn(ok().withHeader("X-Total-Count", "9").withBody(packagesJson(12, 11, 10))));
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "9").withBody(packagesJson(9, 8, 7))));
    wm.stubFor(
        page(3).willReturn(ok().withHeader("X-Total-Count", "9").withBody(packagesJson(6, 5, 4))));
    GiteaClient client = TestSupport.clientFor(wm);
    long newestKnownId = 8;

    List<Long> fresh =
        client.packages().list("acme", PackageQuery.pypi()).stream()
            .map(GiteaPackage::id)
            .takeWhile(id -> id > newestKnownId)
            .toList();

    assertThat(fresh).containsExactly(12L, 11L, 10L, 9L);
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
    wm.verify(
        exactly(0),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("page", equalTo("3")));
  }

  @Test
  // trap 3: a deletion during a scan pulls an entry back onto a page already read; the scan still
  // ends
  void entryPulledBackByAConcurrentDeletionIsMissedButTheScanEnds() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    wm.stubFor(
        page(1).willReturn(ok().withHeader("X-Total-Count", "6").withBody(packagesJson(6, 5, 4))));
    // version 5 was deleted meanwhile: 3 moved onto page 1, page 2 now starts at 2
    wm.stubFor(
        page(2).willReturn(ok().withHeader("X-Total-Count", "5").withBody(packagesJson(2, 1))));
    wm.stubFor(page(3).willReturn(ok().withHeader("X-Total-Count", "5").withBody("[]")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(6L, 5L, 4L, 2L, 1L);
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo("/api/v1/packages/acme")));
  }

  private static Long[] boxed(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
