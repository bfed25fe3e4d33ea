package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.devpigiteasync.gitea.model.DownloadResult;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.PackageFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's snippets (copied verbatim below) against WireMock and checks they stay in sync.
 */
class ReadmeSnippetTest {
  private static final String FILES = "/api/packages/acme/pypi/files/acme-utils/1.2.0/";

  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  @TempDir Path downloads;

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

  private GiteaClient listPackages(String giteaUrl, String token) {
    // README snippet 1 starts
    GiteaClient gitea = GiteaClient.builder().baseUrl(giteaUrl).token(token).build();
    Map<String, List<String>> versions = new TreeMap<>();
    for (GiteaPackage p : gitea.packages().list("acme", PackageQuery.pypi())) {
      versions
          .computeIfAbsent(p.name().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(p.version());
    }
    System.out.println(versions);
    // README snippet 1 ends
    return gitea;
  }

  private void downloadVerified(GiteaClient gitea, Path downloads) {
    // README snippet 2 starts
    for (PackageFile file : gitea.packages().files("acme", "pypi", "acme-utils", "1.2.0")) {
      // file.name() comes from the uploader: it goes into the URL only, never into a local path
      Path target = downloads.resolve("acme-utils-1.2.0-" + file.id());
      try {
        DownloadResult result =
            gitea
                .packages()
                .download("acme", "acme-utils", "1.2.0", file.name(), target, file.sha256(), null);
        System.out.println(file.name() + ": " + result.size() + " bytes, sha256 verified");
      } catch (GiteaIntegrityException e) {
        System.out.println(file.name() + ": sha256 mismatch, nothing kept");
      }
    }
    // README snippet 2 ends
  }

  @Test
  void readmeSnippetsRunAgainstGiteaLikeServer() throws IOException {
    TestSupport.stubServer(wm, "1.24.7", 2);
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("page", equalTo("1"))
            .willReturn(
                ok().withHeader("X-Total-Count", "3").withBodyFile("packages/list-page-1.json")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(
                ok().withHeader("X-Total-Count", "3").withBodyFile("packages/list-page-2.json")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.2.0/files"))
            .willReturn(ok().withBodyFile("packages/files-1.24.json")));
    // files-1.24.json lists sha256("foo") for the wheel; the sdist's bytes do not match its hash
    wm.stubFor(
        get(urlPathEqualTo(FILES + "acme_utils-1.2.0-py3-none-any.whl"))
            .willReturn(ok().withBody("foo")));
    wm.stubFor(
        get(urlPathEqualTo(FILES + "acme_utils-1.2.0.tar.gz"))
            .willReturn(ok().withBody("corrupted")));

    GiteaClient gitea = listPackages(wm.baseUrl(), TestSupport.TOKEN);
    downloadVerified(gitea, downloads);

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "{acme-tools=[0.9.1rc1], acme-utils=[1.2.0, 1.1.0]}",
            "acme_utils-1.2.0-py3-none-any.whl: 3 bytes, sha256 verified",
            "acme_utils-1.2.0.tar.gz: sha256 mismatch, nothing kept");
    try (Stream<Path> left = Files.list(downloads)) {
      assertThat(left).containsExactly(downloads.resolve("acme-utils-1.2.0-904"));
    }
    assertThat(downloads.resolve("acme-utils-1.2.0-904")).hasContent("foo");
    wm.verify(
        exactly(2),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme"))
            .withQueryParam("type", equalTo("pypi"))
            .withQueryParam("limit", equalTo("2"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo("/api/v1/packages/acme/pypi/acme-utils/1.2.0/files")));
    wm.verify(
        exactly(1),
        getRequestedFor(urlPathEqualTo(FILES + "acme_utils-1.2.0-py3-none-any.whl"))
            .withHeader("Authorization", equalTo("token " + TestSupport.TOKEN)));
    wm.verify(exactly(1), getRequestedFor(urlPathEqualTo(FILES + "acme_utils-1.2.0.tar.gz")));
  }

  @Test
  void readmeJavaBlocksAreTheSnippetsRunHere() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String source =
        Files.readString(
            Path.of("src/test/java/io/github/devpigiteasync/gitea/ReadmeSnippetTest.java"));
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

  @Test
  void projectReadmeShowsTheFirstSnippetRunHere() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source =
        Files.readString(
            Path.of("src/test/java/io/github/devpigiteasync/gitea/ReadmeSnippetTest.java"));
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    Matcher t =
        Pattern.compile(
                "// README snippet 1 starts\\n(.*?)// README snippet 1 ends", Pattern.DOTALL)
            .matcher(source);

    assertThat(m.find()).isTrue();
    assertThat(t.find()).isTrue();
    assertThat(normalise(m.group(1))).isEqualTo(normalise(t.group(1)));
  }

  /** The code without white space: the README may wrap lines differently from the formatter. */
  private static String normalise(String code) {
    return code.replaceAll("\\s+", "");
  }
}
