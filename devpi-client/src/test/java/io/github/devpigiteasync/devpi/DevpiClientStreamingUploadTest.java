package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.JSON;
import static io.github.devpigiteasync.devpi.TestSupport.TOKEN;
import static io.github.devpigiteasync.devpi.TestSupport.passwordClient;
import static io.github.devpigiteasync.devpi.TestSupport.stubLogin;
import static io.github.devpigiteasync.devpi.TestSupport.xDevpiAuth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DevpiClientStreamingUploadTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  private static final IndexRef DEV = IndexRef.parse("alice/dev");
  private static final String WHEEL = "foo_bar-1.0.0-py3-none-any.whl";

  @TempDir Path tmp;
  private Path wheel;
  private Path staged;
  private DevpiClient client;
  private final AtomicInteger sourceCalls = new AtomicInteger();

  @BeforeEach
  void setUp() {
    stubLogin(wm);
    wheel = TestSupport.smallWheel(tmp, WHEEL);
    staged = tmp.resolve("staged.dist");
    client = passwordClient(wm.getRuntimeInfo()).build();
  }

  /** Writes the wheel to the upload and to the staged copy, then names the fields. */
  private UploadRequest stream(BufferedSink out) throws IOException {
    sourceCalls.incrementAndGet();
    byte[] bytes = Files.readAllBytes(wheel);
    Files.write(staged, bytes);
    out.write(bytes, 0, bytes.length / 2);
    out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
    return UploadRequest.builder()
        .file(staged)
        .filename(WHEEL)
        .name("Foo_Bar")
        .version("1.0.0")
        .field("requires_python", ">=3.8")
        .build();
  }

  private static List<String> partNames(LoggedRequest request) {
    List<String> names = new ArrayList<>();
    request.getParts().forEach(p -> names.add(p.getName()));
    return names;
  }

  @Test
  void theFilePartComesFirstInAChunkedBodyAndTheFieldsFollowIt() throws Exception {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    List<Long> progress = new ArrayList<>();

    UploadResult result = client.upload(DEV, WHEEL, this::stream, progress::add);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/alice/dev/")));
    assertThat(sent).hasSize(1);
    LoggedRequest request = sent.get(0);
    assertThat(request.getHeader("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(request.containsHeader("Content-Length")).isFalse();
    assertThat(request.getHeader("Accept")).isEqualTo(JSON);
    assertThat(request.getHeader("X-Devpi-Auth")).isEqualTo(xDevpiAuth("alice", TOKEN));
    assertThat(partNames(request))
        .containsExactly("content", ":action", "name", "version", "requires_python");
    assertThat(request.getPart("content").getHeader("Content-Disposition").firstValue())
        .isEqualTo("form-data; name=\"content\"; filename=\"" + WHEEL + "\"");
    assertThat(request.getPart("content").getBody().asBytes()).isEqualTo(Files.readAllBytes(wheel));
    assertThat(request.getPart(":action").getBody().asString()).isEqualTo("file_upload");
    assertThat(request.getPart("name").getBody().asString()).isEqualTo("Foo_Bar");
    assertThat(request.getPart("requires_python").getBody().asString()).isEqualTo(">=3.8");
    assertThat(progress).isNotEmpty().last().isEqualTo(Files.size(wheel));
  }

  @Test
  void aBufferWrittenByTheSourceIsMovedIntoTheFilePartAndCountedOnce() throws Exception {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    byte[] bytes = Files.readAllBytes(wheel);
    Files.write(staged, bytes);
    List<Long> progress = new ArrayList<>();
    List<Long> leftInBuffer = new ArrayList<>();

    UploadResult result =
        client.upload(
            DEV,
            WHEEL,
            out -> {
              Buffer chunk = new Buffer().write(bytes);
              out.write(chunk, chunk.size());
              leftInBuffer.add(chunk.size());
              return UploadRequest.builder()
                  .file(staged)
                  .filename(WHEEL)
                  .name("Foo_Bar")
                  .version("1.0.0")
                  .build();
            },
            progress::add);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    assertThat(leftInBuffer).containsExactly(0L);
    LoggedRequest request = wm.findAll(postRequestedFor(urlEqualTo("/alice/dev/"))).get(0);
    assertThat(request.getPart("content").getBody().asBytes()).isEqualTo(bytes);
    assertThat(progress).isNotEmpty().isSorted().last().isEqualTo((long) bytes.length);
  }

  @Test
  void aFailingSourceAbortsTheUploadWithItsExceptionAsTheCause() {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    IOException broken = new IOException("sha256 mismatch");

    Throwable thrown =
        catchThrowable(
            () ->
                client.upload(
                    DEV,
                    WHEEL,
                    out -> {
                      sourceCalls.incrementAndGet();
                      out.write("PK-partial".getBytes(StandardCharsets.UTF_8));
                      throw broken;
                    },
                    null));

    assertThat(thrown).isInstanceOf(DevpiUploadAbortedException.class).hasCause(broken);
    assertThat(thrown.getMessage()).contains(WHEEL, "sha256 mismatch");
    assertThat(sourceCalls).as("no retry resends an aborted upload").hasValue(1);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/alice/dev/"))))
        .as("no complete request reached the server")
        .isEmpty();
  }

  @Test
  void a503AfterTheFileHasPassedResendsTheFormFromTheStagedCopy() throws Exception {
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503))
            .willSetStateTo("up"));
    wm.stubFor(
        post(urlEqualTo("/alice/dev/"))
            .inScenario("flaky")
            .whenScenarioStateIs("up")
            .willReturn(aResponse().withStatus(200)));

    UploadResult result = client.upload(DEV, WHEEL, this::stream, null);

    assertThat(result).isEqualTo(UploadResult.UPLOADED);
    assertThat(sourceCalls).as("the source is read once").hasValue(1);
    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/alice/dev/")));
    assertThat(sent).hasSize(2);
    for (LoggedRequest r : sent) {
      assertThat(partNames(r))
          .containsExactly("content", ":action", "name", "version", "requires_python");
      assertThat(r.getPart("content").getBody().asBytes()).isEqualTo(Files.readAllBytes(wheel));
    }
  }

  @Test
  void aSourceNamingAnotherFileIsAbortedBecauseItsHeaderIsAlreadySent() {
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));

    Throwable thrown =
        catchThrowable(
            () ->
                client.upload(
                    DEV,
                    "other-1.0.tar.gz",
                    out -> {
                      out.writeByte(1);
                      return UploadRequest.builder()
                          .file(wheel)
                          .name("other")
                          .version("1.0")
                          .build();
                    },
                    null));

    assertThat(thrown)
        .isInstanceOf(DevpiUploadAbortedException.class)
        .hasMessageContaining("instead of other-1.0.tar.gz");
  }
}
