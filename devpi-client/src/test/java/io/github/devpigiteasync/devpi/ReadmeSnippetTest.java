package io.github.devpigiteasync.devpi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.devpigiteasync.devpi.TestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's snippets (copied verbatim below) against WireMock and checks they stay in sync.
 */
class ReadmeSnippetTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.wireMock();

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeEach
  void captureOut() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOut() {
    System.setOut(originalOut);
  }

  private DevpiClient lookBeforeYouUpload(String devpiUrl, String password) {
    // README snippet 1 starts
    DevpiClient devpi =
        DevpiClient.builder().baseUrl(devpiUrl).username("alice").password(password).build();
    IndexRef index = IndexRef.parse("alice/dev");
    IndexInfo info = devpi.indexes().get(index);
    List<ReleaseFile> own = devpi.projects().ownFiles(index, "foo-bar");
    for (ReleaseFile file : own) {
      System.out.println(file.filename() + " sha256=" + file.sha256().orElse("?"));
    }
    // README snippet 1 ends
    assertThat(info.volatileIndex()).isTrue();
    return devpi;
  }

  private void streamAFile(DevpiClient devpi, IndexRef index, Path wheel, AtomicLong progress) {
    // README snippet 2 starts
    UploadRequest request =
        UploadRequest.builder()
            .file(wheel)
            .name("foo-bar")
            .version("1.0.0")
            .field("requires_python", ">=3.8")
            .field("summary", "tiny test project")
            .field("classifiers", "Programming Language :: Python :: 3")
            .build();
    try {
      UploadResult result = devpi.upload(index, request, bytes -> progress.set(bytes));
      System.out.println(result == UploadResult.UPLOADED ? "uploaded" : "already there");
    } catch (DevpiConflictException e) {
      System.out.println("different bytes already in non-volatile index: " + e.serverMessage());
    }
    // README snippet 2 ends
  }

  @Test
  void readmeSnippetsRunAgainstDevpiLikeServer() throws Exception {
    TestSupport.stubLogin(wm);
    wm.stubFor(
        get(urlEqualTo("/alice/dev?no_projects=")).willReturn(json(200, "index/withbase.json")));
    wm.stubFor(
        get(urlEqualTo("/alice/dev/foo-bar?ignore_bases"))
            .willReturn(json(200, "project/foo-bar.json")));
    wm.stubFor(post(urlEqualTo("/alice/dev/")).willReturn(aResponse().withStatus(200)));
    Path wheel = TestSupport.smallWheel(tmp, "foo_bar-1.0.0-py3-none-any.whl");
    AtomicLong progress = new AtomicLong();

    DevpiClient devpi =
        lookBeforeYouUpload(wm.getRuntimeInfo().getHttpBaseUrl(), TestSupport.PASSWORD);
    streamAFile(devpi, IndexRef.parse("alice/dev"), wheel, progress);

    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "foo_bar-1.0.0-py3-none-any.whl sha256=3c41f2c2a51be4e98041a51da7d5ce908fb0fdba829552e65e9847626c3f5266",
            "uploaded");
    assertThat(progress.get()).isEqualTo(Files.size(wheel));
    wm.verify(exactly(1), postRequestedFor(urlEqualTo("/alice/dev/")));
  }

  @Test
  void readmeJavaBlocksAreTheSnippetsRunHere() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String source =
        Files.readString(
            Path.of("src/test/java/io/github/devpigiteasync/devpi/ReadmeSnippetTest.java"));
    List<String> readmeBlocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    while (m.find()) {
      readmeBlocks.add(normalise(m.group(1)));
    }
    List<String> testBlocks = new ArrayList<>();
    Matcher t =
        Pattern.compile(
                "// README snippet \\d starts\\n(.*?)// README snippet \\d ends", Pattern.DOTALL)
            .matcher(source);
    while (t.find()) {
      testBlocks.add(normalise(t.group(1)));
    }

    assertThat(readmeBlocks).hasSize(2).isEqualTo(testBlocks);
  }

  /** The code without white space: the README may wrap lines differently from the formatter. */
  private static String normalise(String code) {
    return code.replaceAll("\\s+", "");
  }
}
