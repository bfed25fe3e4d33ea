package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loads every {@code config/bad/*.conf} and compares the outcome with the {@code .expected} file
 * next to it. Directive comments in a corpus file: {@code #!mode 0644} sets the file mode before
 * loading (default 0600), {@code #!env NAME=value} defines an environment variable. The expected
 * file's first line is the {@link ConfigException.Kind}, or {@code LOADED} when the config loads
 * and only some mappings are unusable; then one line per problem, {@code <line> <CODE> <problem>}
 * (line {@code -} when the problem has none; {@code ${dir}} stands for the folder of the loaded
 * file), or {@code mapping <name>: <problem>} per mapping problem.
 */
class ConfigCorpusTest {
  private static final String SECRET_MARK = "S3CRET";

  @TempDir Path tmp;

  static Stream<String> corpus() throws IOException, URISyntaxException {
    URL dir = Objects.requireNonNull(ConfigCorpusTest.class.getResource("/config/bad"));
    try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void corpusCoversAtLeastThirtyCases() throws Exception {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void badConfigReportsExactlyTheExpectedProblems(String name) throws Exception {
    String text = resource("/config/bad/" + name + ".conf");
    List<String> expected = resource("/config/bad/" + name + ".expected").lines().toList();
    Path file = tmp.resolve(name + ".conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode(text)));
    Map<String, String> env = env(text);

    List<String> actual = outcome(file, env);
    if (Boolean.getBoolean("corpus.update")) {
      // regenerates the golden files; review the diff before committing
      Files.writeString(
          Path.of("src/test/resources/config/bad", name + ".expected"),
          String.join("\n", actual) + "\n",
          StandardCharsets.UTF_8);
      return;
    }

    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(String.join("\n", actual)).doesNotContain(SECRET_MARK);
  }

  private List<String> outcome(Path file, Map<String, String> env) {
    List<String> lines = new ArrayList<>();
    String dir = file.getParent().toString();
    try {
      SyncConfig config = SyncConfig.load(file, env::get);
      lines.add("LOADED");
      for (Mapping m : config.mappings()) {
        config.problemsFor(m).forEach(p -> lines.add("mapping " + m.name() + ": " + p));
      }
      assertThat(config.toString()).doesNotContain(SECRET_MARK);
    } catch (ConfigException e) {
      lines.add(e.kind().name());
      for (ConfigProblem p : e.problems()) {
        assertThat(p.file()).isEqualTo(file);
        lines.add(
            (p.line() > 0 ? String.valueOf(p.line()) : "-")
                + " "
                + p.code()
                + " "
                + p.describe().replace(dir, "${dir}"));
      }
      assertThat(e.getMessage()).doesNotContain(SECRET_MARK);
      assertThat(e.getMessage().lines()).hasSize(e.problems().size());
    }
    return lines;
  }

  private static String mode(String text) {
    int mode =
        text.lines()
            .filter(l -> l.startsWith("#!mode "))
            .map(l -> Integer.parseInt(l.substring("#!mode ".length()).strip(), 8))
            .findFirst()
            .orElse(0600);
    StringBuilder sb = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      sb.append((mode & (1 << bit)) != 0 ? rwx.charAt(8 - bit) : '-');
    }
    return sb.toString();
  }

  private static Map<String, String> env(String text) {
    Map<String, String> env = new HashMap<>();
    text.lines()
        .filter(l -> l.startsWith("#!env "))
        .map(l -> l.substring("#!env ".length()).strip())
        .forEach(
            kv -> env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
    return env;
  }

  private static String resource(String path) throws IOException {
    try (var in = Objects.requireNonNull(ConfigCorpusTest.class.getResourceAsStream(path), path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
