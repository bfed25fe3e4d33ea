package io.github.devpigiteasync.devpi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.devpigiteasync.devpi.model.VersionData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DevpiJsonTest {
  private static final HttpUrl URL =
      HttpUrl.get("http://localhost:3141/alice/dev/foo-bar?ignore_bases");
  private final ObjectMapper mapper = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {"project/foo-bar.json", "project/foo-bar-6.17.json"})
  void streamedProjectEqualsTheTreeReadingOfRealPayloads(String file) throws IOException {
    byte[] body = resource("wiremock/__files/" + file);

    Map<String, VersionData> streamed = streamed(body);

    assertThat(streamed).isNotEmpty();
    assertThat(streamed.values()).anySatisfy(v -> assertThat(v.files()).isNotEmpty());
    assertThat(streamed).containsExactlyEntriesOf(fromTree(body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "[]",
        "{}",
        "{\"result\": {}}",
        "{\"result\": []}",
        "{\"result\": 5, \"type\": \"projectconfig\"}",
        // a repeated key: first place, last value; a key whose last value is no object drops out
        "{\"result\": {\"1.0\": {}}, \"result\": {\"2.0\": {\"version\": \"2.0\"}}}",
        "{\"result\": {\"a\": {}, \"b\": {}, \"a\": 1, \"a\": {\"version\": \"x\"}}}",
        "{\"result\": {\"a\": {}, \"b\": {}, \"b\": [1]}}",
        // scalar and odd values where the tree reading falls back
        "{\"result\": {\"1.0\": {\"version\": null, \"name\": 3, \"requires_python\": [\">=3\"]}}}",
        "{\"result\": {\"1.0\": {\"version\": 1.10, \"name\": true, \"requires_python\": \" >=3.8 \"}}}",
        // +links as an object, as a scalar, with odd entries and repeated keys
        "{\"result\": {\"1.0\": {\"+links\": {\"x\": {\"rel\": \"releasefile\","
            + " \"href\": \"http://localhost:3141/alice/dev/+f/abc/def/foo-1.0.whl\"}}}}}",
        "{\"result\": {\"1.0\": {\"+links\": \"releasefile\"}}}",
        "{\"result\": {\"1.0\": {\"+links\": [1, null, [], {\"rel\": \"doczip\"},"
            + " {\"rel\": \"releasefile\", \"href\": \"../../+f/a/b/foo-1.0.tar.gz\","
            + " \"hash_spec\": \"sha256=ABC\"},"
            + " {\"rel\": \"releasefile\", \"href\": \"http://other:1/u/i/+f/a/b/c.whl#sha256=0\","
            + " \"hashes\": {\"sha256\": \"DEF\"}, \"hash_spec\": \"sha256=abc\", \"log\": [{}]},"
            + " {\"rel\": \"releasefile\", \"href\": \"http://localhost:3141/x.whl\","
            + " \"hashes\": \"sha256\", \"hash_spec\": null},"
            + " {\"rel\": \"releasefile\", \"rel\": \"doczip\", \"href\": \"/a/b.zip\"},"
            + " {\"rel\": \"releasefile\", \"href\": 7}]}}}",
        "{\"result\": {\"1.0\": {\"+links\": [{\"rel\": \"releasefile\", \"href\": \"/a.whl\"}],"
            + " \"+links\": []}}}",
        "{\"type\": \"projectconfig\", \"result\": {\"1.0\": {\"version\": \"1.0\"}}} trailing"
      })
  void streamedProjectEqualsTheTreeReadingOfOddPayloads(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);

    Map<String, VersionData> streamed = streamed(body);

    assertThat(streamed).containsExactlyEntriesOf(fromTree(body));
    assertThat(List.copyOf(streamed.keySet())).isEqualTo(List.copyOf(fromTree(body).keySet()));
  }

  private Map<String, VersionData> streamed(byte[] body) throws IOException {
    try (JsonParser p = mapper.createParser(body)) {
      return DevpiJson.project(p, URL);
    }
  }

  /** The project document as it was read before: a tree, one version object at a time. */
  private Map<String, VersionData> fromTree(byte[] body) throws IOException {
    JsonNode root = mapper.readTree(body);
    JsonNode result = (root == null ? mapper.createObjectNode() : root).path("result");
    Map<String, VersionData> versions = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : result.properties()) {
      if (entry.getValue().isObject()) {
        versions.put(entry.getKey(), DevpiJson.version(entry.getKey(), entry.getValue(), URL));
      }
    }
    return versions;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DevpiJsonTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
