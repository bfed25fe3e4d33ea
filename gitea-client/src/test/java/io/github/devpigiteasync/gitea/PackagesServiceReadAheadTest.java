package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.lessThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.devpigiteasync.gitea.TestSupport.packagesJson;
import static io.github.devpigiteasync.gitea.TestSupport.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// The listing with GiteaClient.Builder#readAhead: pages requested ahead, entries still in page
// order, and no request the total does not call for.
class PackagesServiceReadAheadTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  private static MappingBuilder page(int page) {
    return page("acme", page);
  }

  private static MappingBuilder page(String owner, int page) {
    return get(urlPathEqualTo("/api/v1/packages/" + owner))
        .withQueryParam("page", equalTo(Integer.toString(page)));
  }

  private static void stubPage(int page, long total, long... ids) {
    stubPage("acme", page, total, ids);
  }

  private static void stubPage(String owner, int page, long total, long... ids) {
    wm.stubFor(
        page(owner, page)
            .willReturn(
                ok().withHeader("X-Total-Count", Long.toString(total))
                    .withBody(packagesJson(ids))));
  }

  /**
   * A listing read 4 pages ahead whose pages 1 and 2 hold three entries each of a total of 9, and
   * whose page 3 answers {@code third}.
   */
  private static Iterator<GiteaPackage> twoPagesThenPage3(ResponseDefinitionBuilder third) {
    TestSupport.stubServer(wm, "1.24.7", 3);
    stubPage(1, 9, 9, 8, 7);
    stubPage(2, 9, 6, 5, 4);
    wm.stubFor(page(3).willReturn(third));
    return readingAhead(4).packages().list("acme", PackageQuery.pypi()).iterator();
  }

  private static GiteaClient readingAhead(int pages) {
    return TestSupport.clientFor(wm, new TestSupport.RecordingSleeper()).readAhead(pages).build();
  }

  private static int requestedPage(ServeEvent e) {
    return Integer.parseInt(e.getRequest().queryParameter("page").firstValue());
  }

  // Tests that leave requests on their way (an early stop, a cancelled page) use an owner of their
  // own, so that a request arriving late does not count in another test's journal.
  private static List<Integer> requestedPages() {
    return requestedPages("acme");
  }

  private static List<Integer> requestedPages(String owner) {
    List<Integer> pages = new ArrayList<>();
    for (ServeEvent e : wm.getAllServeEvents()) {
      if (e.getRequest().getUrl().startsWith("/api/v1/packages/" + owner + "?")) {
        pages.add(requestedPage(e));
      }
    }
    pages.sort(Comparator.naturalOrder());
    return pages;
  }

  @Test
  void entriesComeInPageOrderWhenALaterPageAnswersFirst() {
    TestSupport.stubServer(wm, "1.24.7", 3);
    stubPage(1, 12, 12, 11, 10);
    wm.stubFor(
        page(2)
            .willReturn(
                ok().withHeader("X-Total-Count", "12")
                    .withBody(packagesJson(9, 8, 7))
                    .withFixedDelay(600)));
    wm.stubFor(
        page(3)
            .willReturn(
                ok().withHeader("X-Total-Count", "12")
                    .withBody(packagesJson(6, 5, 4))
                    .withFixedDelay(50)));
    stubPage(4, 12, 3, 2, 1);

    List<GiteaPackage> packages =
        readingAhead(4).packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages)
        .extracting(GiteaPackage::id)
        .containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(requestedPages()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void requestsExactlyThePagesTheTotalCountCallsFor() {
    // 10 entries at 3 a page are 4 pages; page 5 exists on the server but is never asked for
    TestSupport.stubServer(wm, "1.24.7", 3);
    stubPage(1, 10, 10, 9, 8);
    stubPage(2, 10, 7, 6, 5);
    stubPage(3, 10, 4, 3, 2);
    stubPage(4, 10, 1);
    stubPage(5, 10, 99);

    List<GiteaPackage> packages =
        readingAhead(4).packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages)
        .extracting(GiteaPackage::id)
        .containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(requestedPages()).containsExactly(1, 2, 3, 4);
    wm.verify(
        exactly(4),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("limit", equalTo("3"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // trap 4: the server caps limit=50 at 30; the page size read ahead with is what came back
  void silentlyCappedLimitStillReadsEveryPageOnce() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    stubPage(1, 75, range(1, 30));
    stubPage(2, 75, range(31, 60));
    stubPage(3, 75, range(61, 75));
    stubPage(4, 75);

    List<GiteaPackage> packages =
        readingAhead(4).packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).hasSize(75);
    assertThat(packages.get(74).id()).isEqualTo(75);
    assertThat(requestedPages()).containsExactly(1, 2, 3);
    wm.verify(
        exactly(3),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("limit", equalTo("50")));
  }

  @Test
  void pageAnswering404ThrowsNotFoundAfterTheEntriesOfEarlierPages() {
    Iterator<GiteaPackage> it =
        twoPagesThenPage3(aResponse().withStatus(404).withBodyFile("errors/not-found.json"));
    List<Long> seen = new ArrayList<>();

    assertThatThrownBy(() -> it.forEachRemaining(p -> seen.add(p.id())))
        .isInstanceOfSatisfying(
            GiteaNotFoundException.class,
            e -> assertThat(e.path()).isEqualTo("/api/v1/packages/acme"));

    assertThat(seen).containsExactly(9L, 8L, 7L, 6L, 5L, 4L);
    assertThat(requestedPages()).containsExactly(1, 2, 3);
  }

  @Test
  void pageFailingWith500AfterRetriesThrowsItsHttpErrorAfterTheEntriesOfEarlierPages() {
    Iterator<GiteaPackage> it =
        twoPagesThenPage3(
            aResponse()
                .withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"database is locked\",\"url\":\"\"}"));
    List<Long> seen = new ArrayList<>();

    assertThatThrownBy(() -> it.forEachRemaining(p -> seen.add(p.id())))
        .isInstanceOfSatisfying(
            GiteaHttpException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.serverMessage()).isEqualTo("database is locked");
            });

    assertThat(seen).containsExactly(9L, 8L, 7L, 6L, 5L, 4L);
    // three attempts (the test policy), made by the retry interceptor on the reading-ahead thread
    wm.verify(
        exactly(3),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("page", equalTo("3")));
  }

  @Test
  void withoutTotalCountEachPageIsRequestedOnlyAfterThePreviousOneAnswered() {
    TestSupport.stubServer(wm, "1.24.7", 2);
    wm.stubFor(page(1).willReturn(ok().withBody(packagesJson(1, 2)).withFixedDelay(300)));
    wm.stubFor(page(2).willReturn(ok().withBody(packagesJson(3, 4)).withFixedDelay(300)));
    wm.stubFor(page(3).willReturn(ok().withBody("[]")));

    List<GiteaPackage> packages =
        readingAhead(4).packages().list("acme", PackageQuery.pypi()).toList();

    assertThat(packages).extracting(GiteaPackage::id).containsExactly(1L, 2L, 3L, 4L);
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    events.removeIf(e -> !e.getRequest().getUrl().startsWith("/api/v1/packages/acme"));
    events.sort(Comparator.comparing(PackagesServiceReadAheadTest::requestedPage));
    assertThat(events)
        .extracting(PackagesServiceReadAheadTest::requestedPage)
        .containsExactly(1, 2, 3);
    for (int i = 1; i < events.size(); i++) {
      long previous = events.get(i - 1).getRequest().getLoggedDate().getTime();
      long current = events.get(i).getRequest().getLoggedDate().getTime();
      // the previous page's 300 ms delay had passed before this page was asked for
      assertThat(current - previous).isGreaterThanOrEqualTo(300);
    }
  }

  @Test
  void stoppingAfterTheFirstEntryRequestsOnlyTheFourPagesAfterIt() throws InterruptedException {
    TestSupport.stubServer(wm, "1.24.7", 3);
    for (int p = 1; p <= 10; p++) {
      stubPage("stopped", p, 30, range(3L * p - 2, 3L * p));
    }

    Optional<GiteaPackage> first =
        readingAhead(4).packages().list("stopped", PackageQuery.pypi()).stream().findFirst();

    assertThat(first).map(GiteaPackage::id).contains(1L);
    // pages 2-5 were on their way when the caller stopped; nothing asks for a sixth
    awaitListingRequests("stopped", 5);
    assertThat(requestedPages("stopped")).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void interruptingTheReaderWhileItWaitsForAPageReadAheadEndsItAsATransportFailure()
      throws Exception {
    TestSupport.stubServer(wm, "1.24.7", 3);
    stubPage("interrupted", 1, 6, 6, 5, 4);
    wm.stubFor(
        page("interrupted", 2)
            .willReturn(
                ok().withHeader("X-Total-Count", "6")
                    .withBody(packagesJson(3, 2, 1))
                    .withFixedDelay(2_000)));
    Iterator<GiteaPackage> it =
        readingAhead(4).packages().list("interrupted", PackageQuery.pypi()).iterator();
    CountDownLatch firstPageRead = new CountDownLatch(1);
    AtomicReference<Thread> reader = new AtomicReference<>();
    AtomicReference<Boolean> interruptFlagKept = new AtomicReference<>();
    CompletableFuture<Object> outcome =
        CompletableFuture.supplyAsync(
            () -> {
              reader.set(Thread.currentThread());
              for (int i = 0; i < 3; i++) {
                it.next();
              }
              firstPageRead.countDown();
              try {
                return it.hasNext();
              } catch (RuntimeException e) {
                interruptFlagKept.set(Thread.currentThread().isInterrupted());
                return e;
              }
            });

    assertThat(firstPageRead.await(10, TimeUnit.SECONDS)).isTrue();
    reader.get().interrupt();

    Object result = outcome.get(10, TimeUnit.SECONDS);
    assertThat(result)
        .isInstanceOfSatisfying(
            GiteaTransportException.class,
            e -> assertThat(e.getCause()).isInstanceOf(InterruptedIOException.class));
    assertThat(interruptFlagKept.get()).isTrue();
    // the page waited for was cancelled (perhaps before it was sent), not retried
    wm.verify(
        lessThanOrExactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/interrupted"))
            .withQueryParam("page", equalTo("2")));
  }

  // Waits (bounded) for requests an early stop left on their way.
  private static void awaitListingRequests(String owner, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (requestedPages(owner).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
