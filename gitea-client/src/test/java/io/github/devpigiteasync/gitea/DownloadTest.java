package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.DownloadResult;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {
  private static final String FILE_PATH =
      "/api/packages/acme/pypi/files/acme-utils/1.2.0/acme_utils-1.2.0.tar.gz";

  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @RegisterExtension static WireMockExtension storage = TestSupport.newWireMock();

  @TempDir Path dir;

  private static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private List<Path> filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void verifiedDownloadIsMovedIntoPlaceWithNothingElseLeft() throws Exception {
    byte[] body = payload(300_000);
    wm.stubFor(get(urlPathEqualTo(FILE_PATH)).willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);
    Path target = dir.resolve("acme_utils-1.2.0.tar.gz");

    DownloadResult result =
        client
            .packages()
            .download(
                "acme",
                "acme-utils",
                "1.2.0",
                "acme_utils-1.2.0.tar.gz",
                target,
                sha256(body).toUpperCase(java.util.Locale.ROOT),
                null);

    assertThat(result)
        .isEqualTo(new DownloadResult(target.toAbsolutePath(), body.length, sha256(body)));
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
    assertThat(filesInDir()).containsExactly(target);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo(FILE_PATH))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  // trap 16: every download is checked against the expected sha256
  void shaMismatchThrowsAndLeavesNoFileBehind() throws Exception {
    byte[] body = payload(10_000);
    wm.stubFor(get(urlPathEqualTo(FILE_PATH)).willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);
    String wrong = "0".repeat(64);

    assertThatThrownBy(
            () ->
                client
                    .packages()
                    .download(
                        "acme",
                        "acme-utils",
                        "1.2.0",
                        "acme_utils-1.2.0.tar.gz",
                        dir.resolve("acme_utils-1.2.0.tar.gz"),
                        wrong,
                        null))
        .isInstanceOfSatisfying(
            GiteaIntegrityException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(wrong);
              assertThat(e.actual()).isEqualTo(sha256(body));
              assertThat(e.filename()).isEqualTo("acme_utils-1.2.0.tar.gz");
            });

    assertThat(filesInDir()).isEmpty();
  }

  @Test
  void mismatchDoesNotClobberAnExistingTarget() throws Exception {
    wm.stubFor(get(urlPathEqualTo(FILE_PATH)).willReturn(ok().withBody(payload(100))));
    GiteaClient client = TestSupport.clientFor(wm);
    Path target = dir.resolve("acme_utils-1.2.0.tar.gz");
    Files.writeString(target, "previous good copy");

    assertThatThrownBy(
            () ->
                client
                    .packages()
                    .download(
                        "acme",
                        "acme-utils",
                        "1.2.0",
                        "acme_utils-1.2.0.tar.gz",
                        target,
                        "1".repeat(64),
                        null))
        .isInstanceOf(GiteaIntegrityException.class);

    assertThat(Files.readString(target)).isEqualTo("previous good copy");
    assertThat(filesInDir()).containsExactly(target);
  }

  @Test
  // trap 14: no Authorization across a redirect to another host
  void redirectToObjectStorageNeverCarriesTheToken() throws Exception {
    byte[] body = payload(5_000);
    String presigned = storage.baseUrl() + "/bucket/packages/ab/cd/abcd?X-Amz-Signature=f00";
    wm.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .willReturn(aResponse().withStatus(303).withHeader("Location", presigned)));
    storage.stubFor(
        get(urlPathEqualTo("/bucket/packages/ab/cd/abcd")).willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);

    DownloadResult result =
        client
            .packages()
            .download(
                "acme",
                "acme-utils",
                "1.2.0",
                "acme_utils-1.2.0.tar.gz",
                dir.resolve("f.tar.gz"),
                sha256(body),
                null);

    assertThat(result.size()).isEqualTo(body.length);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo(FILE_PATH))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    storage.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/bucket/packages/ab/cd/abcd"))
            .withQueryParam("X-Amz-Signature", equalTo("f00"))
            .withoutHeader("Authorization"));
  }

  @Test
  // trap 7: a renamed owner answers 307; redirects are followed
  void renamedOwnerRedirectOnTheSameHostIsFollowedWithAuth() {
    TestSupport.stubServer(wm, "1.24.7", 50);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/old-acme"))
            .willReturn(
                aResponse()
                    .withStatus(307)
                    .withHeader("Location", "/api/v1/packages/acme?type=pypi&page=1&limit=50")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .willReturn(
                ok().withHeader("X-Total-Count", "2").withBodyFile("packages/list-page-1.json")));
    GiteaClient client = TestSupport.clientFor(wm);

    List<GiteaPackage> packages = client.packages().list("old-acme", PackageQuery.pypi()).toList();

    assertThat(packages).hasSize(2);
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
  }

  @Test
  void progressCallbackReachesTheFileSize() throws Exception {
    byte[] body = payload(200_000);
    wm.stubFor(get(urlPathEqualTo(FILE_PATH)).willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);
    List<Long> reported = new ArrayList<>();

    client
        .packages()
        .download(
            "acme",
            "acme-utils",
            "1.2.0",
            "acme_utils-1.2.0.tar.gz",
            dir.resolve("f.tar.gz"),
            null,
            reported::add);

    assertThat(reported).isNotEmpty().isSorted();
    assertThat(reported.get(reported.size() - 1)).isEqualTo(body.length);
  }

  @Test
  void bodyBrokenMidwayIsDownloadedAgainFromTheStart() throws Exception {
    byte[] body = payload(50_000);
    wm.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .inScenario("broken")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
            .willSetStateTo("fixed"));
    wm.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .inScenario("broken")
            .whenScenarioStateIs("fixed")
            .willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);
    Path target = dir.resolve("f.tar.gz");

    DownloadResult result =
        client
            .packages()
            .download(
                "acme",
                "acme-utils",
                "1.2.0",
                "acme_utils-1.2.0.tar.gz",
                target,
                sha256(body),
                null);

    assertThat(result.size()).isEqualTo(body.length);
    assertThat(Files.readAllBytes(target)).isEqualTo(body);
    assertThat(filesInDir()).containsExactly(target);
    wm.verify(exactly(2), getRequestedFor(urlPathEqualTo(FILE_PATH)));
  }

  @Test
  void missingFileThrowsNotFoundAndLeavesNoFile() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .willReturn(aResponse().withStatus(404).withBody("file not found")));
    GiteaClient client = TestSupport.clientFor(wm);

    assertThatThrownBy(
            () ->
                client
                    .packages()
                    .download(
                        "acme",
                        "acme-utils",
                        "1.2.0",
                        "acme_utils-1.2.0.tar.gz",
                        dir.resolve("f.tar.gz"),
                        null,
                        null))
        .isInstanceOf(GiteaNotFoundException.class);

    assertThat(filesInDir()).isEmpty();
  }

  @Test
  // trap 10: untrusted filenames become one percent-encoded segment. "+" is legal in a path
  // segment and Gitea reads it literally, so OkHttp leaves it as is.
  void untrustedFilenameIsPercentEncodedAsOneSegment() throws Exception {
    String encodedPath =
        "/api/packages/acme/pypi/files/acme-utils/1.0+local/..%5Cevil%20name%231%25%3F.whl";
    wm.stubFor(get(urlPathEqualTo(encodedPath)).willReturn(ok().withBody("x")));
    GiteaClient client = TestSupport.clientFor(wm);

    client
        .packages()
        .download(
            "acme",
            "acme-utils",
            "1.0+local",
            "..\\evil name#1%?.whl",
            dir.resolve("safe.whl"),
            null,
            null);

    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(encodedPath)));
    assertThat(filesInDir()).containsExactly(dir.resolve("safe.whl"));
  }

  @Test
  // trap 10: filenames are untrusted
  void dotDotFilenameIsRejectedBeforeAnyRequest() {
    GiteaClient client = TestSupport.clientFor(wm);

    assertThatThrownBy(
            () ->
                client
                    .packages()
                    .download("acme", "acme-utils", "1.0", "..", dir.resolve("x"), null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.packages().open("acme", "..", "1.0", "f.whl"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openStreamsTheFileAndIsClosedByTheCaller() throws Exception {
    byte[] body = payload(70_000);
    wm.stubFor(get(urlPathEqualTo(FILE_PATH)).willReturn(ok().withBody(body)));
    GiteaClient client = TestSupport.clientFor(wm);

    byte[] read;
    try (BufferedSource in =
        client.packages().open("acme", "acme-utils", "1.2.0", "acme_utils-1.2.0.tar.gz")) {
      read = in.readByteArray();
    }

    assertThat(read).isEqualTo(body);
  }

  @Test
  void openThrowsTypedExceptionOnAuthFailure() {
    wm.stubFor(
        get(urlPathEqualTo(FILE_PATH))
            .willReturn(aResponse().withStatus(401).withBody("Unauthorized")));
    GiteaClient client = TestSupport.clientFor(wm);

    assertThatThrownBy(
            () -> client.packages().open("acme", "acme-utils", "1.2.0", "acme_utils-1.2.0.tar.gz"))
        .isInstanceOf(GiteaAuthenticationException.class);
  }
}
