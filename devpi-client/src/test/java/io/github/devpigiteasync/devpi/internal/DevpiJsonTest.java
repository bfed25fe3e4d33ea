package io.github.devpigiteasync.devpi.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixed expectations for the versiondata reader, on the payloads devpi 6.17 and 6.19 send (the
 * WireMock fixtures) and on odd ones: every field of {@link VersionData} and {@link ReleaseFile},
 * for the project document and for the single-version document alike.
 */
class DevpiJsonTest {
  private static final HttpUrl PROJECT_URL =
      HttpUrl.get("http://127.0.0.1:3141/alice/dev/foo-bar?ignore_bases");
  private static final HttpUrl VERSION_URL =
      HttpUrl.get("http://127.0.0.1:3141/alice/dev/foo-bar/1.0.0");
  private static final String WHEEL_SHA =
      "3c41f2c2a51be4e98041a51da7d5ce908fb0fdba829552e65e9847626c3f5266";
  private static final String SDIST_SHA =
      "ce283c00c246485430d58aada32e04d9c8d357b1127f7a8957c33ca1f7fdab25";
  private static final ReleaseFile WHEEL =
      new ReleaseFile(
          "foo_bar-1.0.0-py3-none-any.whl",
          "http://127.0.0.1:3141/alice/dev/+f/3c4/1f2c2a51be4e9/foo_bar-1.0.0-py3-none-any.whl",
          "1.0.0",
          Optional.of(WHEEL_SHA),
          "alice/dev");
  private static final ReleaseFile SDIST =
      new ReleaseFile(
          "foo_bar-1.0.0.tar.gz",
          "http://127.0.0.1:3141/alice/dev/+f/ce2/83c00c2464854/foo_bar-1.0.0.tar.gz",
          "1.0.0",
          Optional.of(SDIST_SHA),
          "alice/dev");
  private static final VersionData NOTHING =
      new VersionData("", "1.0.0", Optional.empty(), List.of());

  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void projectReadsEveryVersionOfARealDocumentInServerOrder() throws IOException {
    Map<String, VersionData> versions = project(resource("project/foo-bar.json"));

    assertThat(List.copyOf(versions.keySet())).containsExactly("1.0.1", "1.0.0");
    assertThat(versions.get("1.0.1"))
        .isEqualTo(new VersionData("foo-bar", "1.0.1", Optional.empty(), List.of()));
    // the toxresult link is not a release file
    assertThat(versions.get("1.0.0"))
        .isEqualTo(
            new VersionData("foo-bar", "1.0.0", Optional.of(">=3.8"), List.of(WHEEL, SDIST)));
  }

  @Test
  void projectFromServersBefore618TakesSha256FromHashSpec() throws IOException {
    Map<String, VersionData> versions = project(resource("project/foo-bar-6.17.json"));

    assertThat(versions)
        .containsExactly(
            Map.entry(
                "1.0.0",
                new VersionData("foo-bar", "1.0.0", Optional.of(">=3.8"), List.of(WHEEL))));
  }

  @Test
  void projectFilesInheritedFromABaseCarryTheBaseAsStage() throws IOException {
    Map<String, VersionData> versions = project(resource("project/withbase-inherited.json"));

    assertThat(versions.get("1.0.0").files())
        .extracting(ReleaseFile::stage, ReleaseFile::href)
        .containsExactly(
            tuple(
                "alice/stable",
                "http://127.0.0.1:3141/alice/stable/+f/3c4/1f2c2a51be4e9/"
                    + "foo_bar-1.0.0-py3-none-any.whl"));
    assertThat(versions.get("1.0.2").files())
        .extracting(ReleaseFile::stage)
        .containsExactly("alice/withbase");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "[]",
        "[{\"result\": {\"1.0\": {}}}]",
        "{}",
        "{\"result\": {}, \"type\": \"projectconfig\"}",
        "{\"result\": []}",
        "{\"result\": null}",
        "{\"result\": 5, \"type\": \"projectconfig\"}",
        "{\"result\": {\"1.0\": {}}, \"result\": \"gone\"}",
        "{\"message\": \"no project 'nope'\"}"
      })
  void projectWithoutAnObjectResultIsEmpty(String json) throws IOException {
    assertThat(project(bytes(json))).isEmpty();
  }

  @Test
  void projectLeavesOutNonObjectVersionsAndKeepsARepeatedKeysFirstPlaceAndLastValue()
      throws IOException {
    String json =
        "{\"result\": {\"a\": {}, \"b\": {}, \"a\": 1, \"a\": {\"version\": \"x\"},"
            + " \"c\": [1], \"d\": \"1.0\", \"e\": {}, \"e\": null}}";

    Map<String, VersionData> versions = project(bytes(json));

    assertThat(List.copyOf(versions.keySet())).containsExactly("a", "b");
    assertThat(versions.get("a")).isEqualTo(new VersionData("", "x", Optional.empty(), List.of()));
    assertThat(versions.get("b")).isEqualTo(new VersionData("", "b", Optional.empty(), List.of()));
  }

  @Test
  void projectReadsTheLastResultOfTheEnvelope() throws IOException {
    String json =
        "{\"result\": {\"1.0\": {}}, \"type\": \"projectconfig\","
            + " \"result\": {\"2.0\": {\"name\": \"foo-bar\"}}}";

    Map<String, VersionData> versions = project(bytes(json));

    assertThat(versions)
        .containsExactly(
            Map.entry("2.0", new VersionData("foo-bar", "2.0", Optional.empty(), List.of())));
  }

  @Test
  void versionReadsEveryFieldOfARealVersionDocument() throws IOException {
    VersionData version = version(resource("version/1.0.0.json"), "1.0.0");

    assertThat(version)
        .isEqualTo(new VersionData("foo-bar", "1.0.0", Optional.of(">=3.8"), List.of(WHEEL)));
  }

  @Test
  void versionRegisteredBySubmitHasNoFilesAndNoRequiresPython() throws IOException {
    VersionData version = version(resource("version/submit-only.json"), "1.0.5");

    assertThat(version).isEqualTo(new VersionData("foo-bar", "1.0.5", Optional.empty(), List.of()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "[]",
        "\"versiondata\"",
        "{}",
        "{\"type\": \"versiondata\"}",
        "{\"result\": null, \"type\": \"versiondata\"}",
        "{\"result\": 5}",
        "{\"result\": [{\"name\": \"foo-bar\"}]}",
        "{\"result\": \"1.0.0\"}",
        "{\"result\": {\"name\": \"foo-bar\"}, \"result\": []}",
        "{\"message\": \"The version 1.0.0 of project foo-bar does not exist.\"}"
      })
  void versionWithoutAnObjectResultIsTheRequestedVersionWithoutNameOrFiles(String json)
      throws IOException {
    assertThat(version(bytes(json), "1.0.0")).isEqualTo(NOTHING);
  }

  @Test
  void versionReadsTheLastResultOfTheEnvelope() throws IOException {
    String json =
        "{\"result\": {\"name\": \"old\", \"requires_python\": \">=2\"}, \"type\": \"versiondata\","
            + " \"result\": {\"name\": \"foo-bar\"}}";

    assertThat(version(bytes(json), "1.0.0"))
        .isEqualTo(new VersionData("foo-bar", "1.0.0", Optional.empty(), List.of()));
  }

  @ParameterizedTest(name = "{0} -> name={1} version={2} requires_python={3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        // the document's version wins over the requested one; a missing or odd one falls back
        "'\"name\": \"Foo_Bar\", \"version\": \"1.0.0.post1\"'  | Foo_Bar | 1.0.0.post1 | NONE",
        "'\"version\": null, \"name\": null'                    | ''      | 1.0.0       | NONE",
        "'\"version\": {\"v\": \"9\"}, \"name\": [\"x\"]'       | ''      | 1.0.0       | NONE",
        "'\"version\": 2, \"name\": 3'                          | 3       | 2           | NONE",
        "'\"name\": true, \"requires_python\": \" >=3.8 \"'     | true    | 1.0.0       | >=3.8",
        "'\"requires_python\": \"   \"'                         | ''      | 1.0.0       | NONE",
        "'\"requires_python\": null'                            | ''      | 1.0.0       | NONE",
        "'\"requires_python\": [\">=3\"]'                       | ''      | 1.0.0       | NONE",
        "'\"requires_python\": \"<4\", \"requires_python\": \">=3.9\"' | '' | 1.0.0     | >=3.9",
      })
  void versionScalarFieldsAreReadOrFallBack(
      String fields, String name, String version, String requiresPython) throws IOException {
    String json = "{\"result\": {" + fields + "}, \"type\": \"versiondata\"}";

    VersionData data = version(bytes(json), "1.0.0");

    assertThat(data)
        .isEqualTo(new VersionData(name, version, Optional.ofNullable(requiresPython), List.of()));
  }

  @Test
  void hrefsAreResolvedAgainstTheRequestUrlAndNameFileAndStage() throws IOException {
    String json =
        links(
            "{\"rel\": \"releasefile\", \"href\": \"../+f/ab/cd/foo-1.0.tar.gz\"}",
            "{\"rel\": \"releasefile\", \"href\": \"/alice/stable/+f/ab/cd/foo-1.0.whl\"}",
            "{\"rel\": \"releasefile\", \"href\": \"http://other:1/u/i/+f/a/b/c.whl#sha256=0\"}",
            "{\"rel\": \"releasefile\", \"href\": \"https://mirror.example/files/x.whl\"}",
            "{\"rel\": \"releasefile\", \"href\": \"http://\"}");

    List<ReleaseFile> files = version(bytes(json), "1.0").files();

    assertThat(files)
        .containsExactly(
            new ReleaseFile(
                "foo-1.0.tar.gz",
                "http://127.0.0.1:3141/alice/dev/+f/ab/cd/foo-1.0.tar.gz",
                "1.0",
                Optional.empty(),
                "alice/dev"),
            new ReleaseFile(
                "foo-1.0.whl",
                "http://127.0.0.1:3141/alice/stable/+f/ab/cd/foo-1.0.whl",
                "1.0",
                Optional.empty(),
                "alice/stable"),
            // the fragment stays in the href; the hash is read from hashes or hash_spec only
            new ReleaseFile(
                "c.whl",
                "http://other:1/u/i/+f/a/b/c.whl#sha256=0",
                "1.0",
                Optional.empty(),
                "u/i"),
            // no "+f" in the path: no stage (ProjectsService.ownFiles keeps such a file)
            new ReleaseFile(
                "x.whl", "https://mirror.example/files/x.whl", "1.0", Optional.empty(), ""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        "'\"hashes\": {\"sha256\": \"ABC\"}, \"hash_spec\": \"sha256=def\"' | abc",
        "'\"hash_spec\": \"sha256=DEF\"'                                    | def",
        "'\"hashes\": {\"sha256\": \"\"}, \"hash_spec\": \"sha256=def\"'    | def",
        "'\"hashes\": {\"md5\": \"abc\"}, \"hash_spec\": \"sha256=def\"'    | def",
        "'\"hashes\": \"sha256\", \"hash_spec\": \"sha256=def\"'            | def",
        "'\"hashes\": {\"md5\": \"abc\"}'                                   | NONE",
        "'\"hash_spec\": \"md5=d41d8cd98f00b204e9800998ecf8427e\"'          | NONE",
        "'\"hash_spec\": \"sha256=\"'                                       | NONE",
        "'\"hashes\": \"sha256\", \"hash_spec\": null'                      | NONE",
        "'\"hashes\": {\"sha256\": null}'                                   | NONE",
        "'\"log\": [{\"hashes\": {\"sha256\": \"abc\"}}]'                   | NONE",
        "''                                                                 | NONE",
      })
  void sha256ComesFromHashesThenHashSpecInLowerCase(String fields, String sha256)
      throws IOException {
    String link =
        "{\"rel\": \"releasefile\","
            + " \"href\": \"http://127.0.0.1:3141/alice/dev/+f/abc/def/foo-1.0.whl#sha256=fff\""
            + (fields.isEmpty() ? "" : ", " + fields)
            + "}";

    List<ReleaseFile> files = version(bytes(links(link)), "1.0").files();

    assertThat(files).extracting(ReleaseFile::sha256).containsExactly(Optional.ofNullable(sha256));
  }

  @Test
  void onlyObjectLinksWhoseRelIsReleasefileAreFiles() throws IOException {
    String json =
        links(
            "1",
            "null",
            "[]",
            "\"releasefile\"",
            "{\"rel\": \"doczip\", \"href\": \"/alice/dev/+f/a/b/doc.zip\"}",
            "{\"rel\": \"toxresult\", \"href\": \"/alice/dev/+f/a/b/a.whl.toxresult0\"}",
            "{\"href\": \"/alice/dev/+f/a/b/norel.whl\"}",
            "{\"rel\": 1, \"href\": \"/alice/dev/+f/a/b/number.whl\"}",
            "{\"rel\": \"ReleaseFile\", \"href\": \"/alice/dev/+f/a/b/case.whl\"}",
            "{\"rel\": \"releasefiles\", \"href\": \"/alice/dev/+f/a/b/plural.whl\"}",
            "{\"rel\": \"releasefile\", \"rel\": \"doczip\", \"href\": \"/alice/dev/+f/a/b/x.zip\"}",
            "{\"rel\": \"doczip\", \"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/y.whl\"}",
            "{\"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/z.tar.gz\"}");

    List<ReleaseFile> files = version(bytes(json), "1.0").files();

    assertThat(files).extracting(ReleaseFile::filename).containsExactly("y.whl", "z.tar.gz");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // an object's values count like an array's elements
        "'{\"x\": {\"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/o.whl\"}}' | o.whl",
        // the last +links counts
        "'[{\"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/first.whl\"}],"
            + " \"+links\": [{\"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/last.whl\"}]'"
            + " | last.whl",
        "'[{\"rel\": \"releasefile\", \"href\": \"/alice/dev/+f/a/b/first.whl\"}],"
            + " \"+links\": []' | ''",
        "'\"releasefile\"' | ''",
        "'null' | ''",
      })
  void linksAreReadFromTheLastLinksValueOfAnyShape(String links, String filename)
      throws IOException {
    String json = "{\"result\": {\"+links\": " + links + "}}";

    List<ReleaseFile> files = version(bytes(json), "1.0").files();

    assertThat(files)
        .extracting(ReleaseFile::filename)
        .containsExactlyElementsOf(filename.isEmpty() ? List.of() : List.of(filename));
  }

  @Test
  void unknownFieldsAndNestedObjectsAreSkipped() throws IOException {
    String evilLinks = "[{\"rel\": \"releasefile\", \"href\": \"/evil/x/+f/a/b/evil.whl\"}]";
    String data =
        "{\"summary\": \"tiny\", \"classifiers\": [\"A\", [\"B\"]], \"requires_dist\": [],"
            + " \"extra\": {\"name\": \"evil\", \"version\": \"6.6.6\", \"+links\": "
            + evilLinks
            + "},"
            + " \"name\": \"foo-bar\","
            + " \"+links\": [{\"log\": [{\"rel\": \"doczip\", \"href\": \"/evil/y\"}],"
            + "   \"rel\": \"releasefile\", \"meta\": {\"hashes\": {\"sha256\": \"BAD\"}},"
            + "   \"href\": \""
            + WHEEL.href()
            + "\", \"hashes\": {\"md5\": \"x\", \"sha256\": \""
            + WHEEL_SHA
            + "\", \"blake2b\": {\"a\": 1}}}],"
            + " \"version\": \"1.0.0\", \"requires_python\": \">=3.8\","
            + " \"description\": {\"+links\": "
            + evilLinks
            + "}}";
    String envelope =
        "{\"type\": \"%s\", \"meta\": {\"result\": {\"name\": \"evil\"}}, \"result\": %s,"
            + " \"message\": \"ok\", \"result_list\": [{\"name\": \"evil\"}]}"
            + " {\"result\": {\"name\": \"trailing\"}}";
    VersionData expected =
        new VersionData("foo-bar", "1.0.0", Optional.of(">=3.8"), List.of(WHEEL));

    VersionData version = version(bytes(envelope.formatted("versiondata", data)), "9.9");
    Map<String, VersionData> project =
        project(bytes(envelope.formatted("projectconfig", "{\"1.0.0\": " + data + "}")));

    assertThat(version).isEqualTo(expected);
    assertThat(project).containsExactly(Map.entry("1.0.0", expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"result\": {\"name\": \"foo-bar\", ",
        "{\"result\": {\"name\": \"foo-bar\"}, \"type\": }",
        "{\"result\": {\"extra\": {\"a\": [1, }}, \"name\": \"foo-bar\"}}",
        "{\"result\": {\"+links\": [{\"rel\": \"releasefile\", \"log\": [{]}]}}",
        "{\"type\": \"versiondata\", \"message\": tru}",
        "<html><body>Bad Gateway</body></html>"
      })
  void malformedJsonAnywhereInTheEnvelopeIsAnError(String json) {
    assertThatThrownBy(() -> version(bytes(json), "1.0.0"))
        .isInstanceOf(JsonProcessingException.class);
    assertThatThrownBy(() -> project(bytes(json))).isInstanceOf(JsonProcessingException.class);
  }

  private static String links(String... links) {
    return "{\"result\": {\"+links\": [" + String.join(", ", links) + "]}}";
  }

  private Map<String, VersionData> project(byte[] body) throws IOException {
    try (JsonParser p = mapper.createParser(body)) {
      return DevpiJson.project(p, PROJECT_URL);
    }
  }

  private VersionData version(byte[] body, String requested) throws IOException {
    HttpUrl url = VERSION_URL.newBuilder().setPathSegment(3, requested).build();
    try (JsonParser p = mapper.createParser(body)) {
      return DevpiJson.version(p, requested, url);
    }
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) throws IOException {
    String path = "wiremock/__files/" + name;
    try (InputStream in = DevpiJsonTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }
}
