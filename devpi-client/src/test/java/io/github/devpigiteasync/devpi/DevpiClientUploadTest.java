package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.JSON;
import static io.github.devpigiteasync.devpi.TestSupport.PASSWORD;
import static io.github.devpigiteasync.devpi.TestSupport.TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static io.github.devpigiteasync.devpi.TestSupport.passwordClient;
import static io.github.devpigiteasync.devpi.TestSupport.stubLogin;
import static io.github.devpigiteasync.devpi.TestSupport.xDevpiAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DevpiClientUploadTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  private static final IndexRef DEV = IndexRef.parse("alice/dev");
  private static final IndexRef STABLE = IndexRef.parse("alice/stable");

  @TempDir Path tmp;
  private Path wheel;
  private DevpiClient client;

  @BeforeEach
  void setUp() {
    stubLogin(wm);
    wheel = TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl");
    client = passwordClient(wm.getRuntimeInfo()).build();
  }

  private UploadRequest request() {
    return UploadRequest.builder()
        .file(wheel)
        .name("Foo_Bar")
        .version("1.0.0")
        .field("requires_python", ">=3.8")
        .field("summary", "tiny test project")
        .field("classifiers", "Programming Language :: Python :: 3")
        .field("classifiers", "License :: OSI Approved :: MIT License")
        .field("sha256_digest", "ignored-by-devpi")
        .build();
  }

  private static LoggedRequest onlyUpload(String path) {
    List<LoggedRequest> requests = wm.findAll(postRequestedFor(urlEqualTo(path)));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private static List<String> partNames(LoggedRequest request) {
    List<String> names = new ArrayList<>();
    request.getParts().forEach(p -> names.add(p.getName()));
    return names;
  }

  private static List<String> partValues(LoggedRequest request, String name) {
    return request.getParts().stream()
        .filter(p -> p.getName().equals(name))
        .map(p -> p.getBody().asString())
        .collect(Collectors.toList());
  }

  @Test
  void uploadToVolatileIndexSendsMultipartWithFieldsRepeatedListsAndBareFilename()
      throws Exception {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    List<Long> progress = new ArrayList<>();

    UploadResult result = client.upload(DEV, request(), progress::add);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    LoggedRequest sent = onlyUpload("/alice/dev/");
    assertThat(sent.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(sent.getHeader("Accept")).isEqualTo(JSON);
    assertThat(sent.getHeader("X-Devpi-Auth")).isEqualTo(xDevpiAuth("alice", TOKEN));
    assertThat(sent.containsHeader("Authorization")).isFalse();
    assertThat(partNames(sent))
        .containsExactly(
            ":action",
            "name",
            "version",
            "requires_python",
            "summary",
            "classifiers",
            "classifiers",
            "content");
    assertThat(partValues(sent, ":action")).containsExactly("file_upload");
    assertThat(partValues(sent, "name")).containsExactly("Foo_Bar");
    assertThat(partValues(sent, "version")).containsExactly("1.0.0");
    assertThat(partValues(sent, "requires_python")).containsExactly(">=3.8");
    assertThat(partValues(sent, "classifiers"))
        .containsExactly(
            "Programming Language :: Python :: 3", "License :: OSI Approved :: MIT License");
    var content = sent.getPart("content");
    assertThat(content.getHeader("Content-Disposition").firstValue())
        .isEqualTo("form-data; name=\"content\"; filename=\"foo_bar-1.0.0-py3-none-any.whl\"");
    assertThat(content.getBody().asBytes()).isEqualTo(Files.readAllBytes(wheel));
    assertThat(progress).isNotEmpty().last().isEqualTo(Files.size(wheel));
  }

  @Test
  void identicalFileOnNonVolatileIndexIsReportedAsAlreadyPresent() {
    wm.stubFor(
        post(urlEqualTo("/alice/stable/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withStatusMessage("Upload of identical file to non volatile index.")
                    .withHeader("Content-Type", "text/html; charset=UTF-8")
                    .withBodyFile("upload/identical-200.html")));

    UploadResult result = client.upload(STABLE, request(), null);

    assertThat(result).isEqualTo(UploadResult.IDENTICAL_ALREADY_PRESENT);
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/alice/stable/")));
  }

  @Test
  void overwriteOnVolatileIndexIsUploaded() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "0")));

    UploadResult first = client.upload(DEV, request(), null);
    UploadResult again = client.upload(DEV, request(), null);

    assertThat(first).isEqualTo(UploadResult.UPLOADED);
    assertThat(again).isEqualTo(UploadResult.UPLOADED);
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "different bytes, non-volatile | 409 | upload/conflict-409.json | DevpiConflictException | foo_bar-1.0.0-py3-none-any.whl already exists in non-volatile index",
        "index does not exist | 404 | errors/stage-not-found.json | DevpiNotFoundException | The stage alice/stable could not be found.",
        "not in acl_upload | 403 | upload/forbidden-403.json | DevpiForbiddenException | no permission to submit",
        "filename of another project | 400 | upload/wrong-project-400.json | DevpiInvalidUploadException | filename 'other_pkg-2.0-py3-none-any.whl' does not match project name 'Foo_Bar'",
        "version not in filename | 400 | upload/wrong-version-400.json | DevpiInvalidUploadException | filename 'foo_bar-1.0.0-py3-none-any.whl' does not contain version '9.9'",
        "not a valid archive | 400 | upload/bad-archive-400.json | DevpiInvalidUploadException | 'foo_bar-1.0.0.tar.xz' is not a valid archive name"
      })
  void uploadErrorBecomesTypedExceptionWithDevpiText(
      String row, int status, String file, String type, String text) {
    String body =
        file.equals("errors/stage-not-found.json")
            ? "{\"message\": \"The stage alice/stable could not be found.\"}"
            : null;
    var response =
        body != null
            ? aResponse().withStatus(status).withHeader("Content-Type", JSON).withBody(body)
            : json(status, file).withStatusMessage(text);
    wm.stubFor(post(urlEqualTo("/alice/stable/")).willReturn(response));

    Throwable thrown = catchThrowable(() -> client.upload(STABLE, request(), null));

    assertThat(thrown.getClass().getSimpleName()).isEqualTo(type);
    DevpiHttpException e = (DevpiHttpException) thrown;
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.method()).isEqualTo("POST");
    assertThat(e.path()).isEqualTo("/alice/stable/");
    assertThat(e.serverMessage()).isEqualTo(text);
    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    // Permanent errors are not retried.
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/alice/stable/")));
  }

  @Test
  void waitressPlainTextTooLargeBecomesTooLargeException() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .willReturn(
                aResponse()
                    .withStatus(413)
                    .withStatusMessage("Request Entity Too Large")
                    .withHeader("Content-Type", "text/plain")
                    .withBody(
                        "Request Entity Too Large\n\nexceeds max_body of 2000\n\n(generated by waitress)")));

    Throwable thrown = catchThrowable(() -> client.upload(DEV, request(), null));

    assertThat(thrown).isInstanceOf(DevpiTooLargeException.class);
    assertThat(((DevpiHttpException) thrown).serverMessage())
        .isEqualTo("Request Entity Too Large exceeds max_body of 2000 (generated by waitress)");
  }

  @Test
  void waitressPlainText500BecomesHttpExceptionWithText() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "text/plain")
                    .withBody(
                        "Internal Server Error\n\nThe server encountered an unexpected internal server error\n\n(generated by waitress)")));

    Throwable thrown = catchThrowable(() -> client.upload(DEV, request(), null));

    assertThat(thrown).isExactlyInstanceOf(DevpiHttpException.class);
    assertThat(((DevpiHttpException) thrown).status()).isEqualTo(500);
    assertThat(((DevpiHttpException) thrown).serverMessage())
        .startsWith("Internal Server Error The server encountered");
  }

  @Test
  void uploadRetries503AndConnectionResetThenSucceedsWithWholeFile() throws Exception {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0"))
            .willSetStateTo("reset"));
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .inScenario("flaky")
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200)));

    UploadResult result = client.upload(DEV, request(), null);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/alice/dev/")));
    assertThat(sent).hasSize(3);
    assertThat(sent.get(2).getPart("content").getBody().asBytes())
        .isEqualTo(Files.readAllBytes(wheel));
  }

  @Test
  void uploadGivesUpAfterMaxAttemptsWithLastStatus() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .willReturn(aResponse().withStatus(502).withStatusMessage("Bad Gateway")));

    Throwable thrown = catchThrowable(() -> client.upload(DEV, request(), null));

    assertThat(thrown).isInstanceOf(DevpiHttpException.class);
    assertThat(((DevpiHttpException) thrown).status()).isEqualTo(502);
    wm.verify(exactly(3), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @Test
  void retryPolicyNoneMakesOneAttempt() {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(503)));
    DevpiClient noRetry = client.newBuilder().retryPolicy(RetryPolicy.none()).build();

    Throwable thrown = catchThrowable(() -> noRetry.upload(DEV, request(), null));

    assertThat(((DevpiHttpException) thrown).status()).isEqualTo(503);
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @Test
  void transportFailureAfterRetriesIsTransportException() {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    Throwable thrown = catchThrowable(() -> client.upload(DEV, request(), null));

    assertThat(thrown)
        .isInstanceOf(DevpiTransportException.class)
        .hasMessageContaining("POST /alice/dev/");
    wm.verify(exactly(3), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @Test
  void bearerUploadCarriesOnlyAuthorizationHeader() {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    DevpiClient bearer =
        DevpiClient.builder()
            .baseUrl(wm.getRuntimeInfo().getHttpBaseUrl())
            .username("alice")
            .token(TestSupport.DEVPI_TOKEN)
            .build();

    bearer.upload(DEV, request(), null);

    wm.verify(
        postRequestedFor(urlEqualTo("/alice/dev/"))
            .withHeader("Authorization", equalTo("Bearer " + TestSupport.DEVPI_TOKEN))
            .withHeader("X-Devpi-Auth", absent())
            .withRequestBody(containing("filename=\"foo_bar-1.0.0-py3-none-any.whl\"")));
    wm.verify(exactly(0), postRequestedFor(urlEqualTo("/+login")));
  }
}
