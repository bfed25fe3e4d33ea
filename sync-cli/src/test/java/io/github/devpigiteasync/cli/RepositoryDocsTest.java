package io.github.devpigiteasync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.github.devpigiteasync.sync.config.SyncConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Checks the repository's documentation and deployment files against each other and against the
 * code: YAML files parse, relative Markdown links and anchors resolve, the README's test command is
 * the one CI runs, every CLI flag is documented, and every metric name used in docs and alert rules
 * is one the server exports.
 */
class RepositoryDocsTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
  private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern METRIC = Pattern.compile("\\bdevpi_gitea_sync_[a-z0-9_]+");
  private static final Pattern BUILT_FILE =
      Pattern.compile(
          "([A-Za-z0-9_.-]+)/target/(devpi-gitea-sync\\.jar|devpi-gitea-sync_completion|man/)");

  /** Which module's target/ holds each file that {@code mvn package} builds. */
  private static final Map<String, String> BUILT_BY =
      Map.of(
          "devpi-gitea-sync.jar", "sync-app",
          "devpi-gitea-sync_completion", "sync-cli",
          "man/", "sync-cli");

  private static final Pattern METRIC_DECLARATION =
      Pattern.compile("\\.name\\(\"(devpi_gitea_sync_[a-z0-9_]+)\"\\)");

  /**
   * Pages that documents already link to but that another change adds (docs/performance.md belongs
   * to the engine work). A missing one is tolerated; once it exists, links into it and its anchors
   * are checked like any other.
   */
  static final Set<String> ANNOUNCED_PAGES = Set.of("docs/performance.md");

  private final Path root = repositoryRoot();

  // -- (a) YAML files parse

  @Test
  void workflowFilesParseAndDeclareJobsWithSteps() throws IOException {
    List<Path> workflows = files(root.resolve(".github/workflows"), ".yml", ".yaml");

    assertThat(workflows).as("workflow files under .github/workflows").isNotEmpty();
    for (Path workflow : workflows) {
      JsonNode doc = parseYaml(workflow);
      assertThat(doc.has("on")).as("%s has an 'on' trigger", workflow).isTrue();
      assertThat(doc.path("jobs").isObject()).as("%s has jobs", workflow).isTrue();
      doc.path("jobs")
          .fields()
          .forEachRemaining(
              job -> {
                assertThat(job.getValue().has("runs-on"))
                    .as("%s job %s has runs-on", workflow, job.getKey())
                    .isTrue();
                assertThat(job.getValue().path("steps").isArray())
                    .as("%s job %s has steps", workflow, job.getKey())
                    .isTrue();
              });
    }
  }

  @Test
  void prometheusFilesParse() throws IOException {
    Path dir = root.resolve("deploy/prometheus");
    List<Path> files = files(dir, ".yml", ".yaml");

    assertThat(files).as("Prometheus YAML files under deploy/prometheus").isNotEmpty();
    for (Path file : files) {
      JsonNode doc = parseYaml(file);
      assertThat(doc.has("scrape_configs") || doc.has("groups"))
          .as("%s is a scrape config (scrape_configs) or a rules file (groups)", file)
          .isTrue();
    }
  }

  @Test
  void yamlParserRejectsBrokenYaml() {
    assertThatThrownBy(() -> YAML.readTree("jobs:\n  build:\n    steps: [unclosed\n"))
        .isInstanceOf(IOException.class);
  }

  // -- (b) relative Markdown links

  @Test
  void relativeMarkdownLinksPointToExistingFilesAndHeadings() throws IOException {
    List<Path> docs = markdownFiles(root);

    List<String> problems = brokenLinks(root, docs);

    assertThat(docs).contains(root.resolve("README.md"), root.resolve("docs/index.md"));
    assertThat(problems).isEmpty();
  }

  @Test
  void linkExtractorSkipsCodeAndExternalLinks() {
    String markdown =
        """
        See [config](docs/configuration.md#syntax) and ![logo](img/logo.png "Logo").
        An [external](https://example.com/x.md) link, a [mail](mailto:a@example.com), an [anchor](#usage).
        Inline code `[not](a-link.md)` is skipped.

        ```ini
        [not](a-link-either.md)
        ```

        [ref]: ../sync-core/README.md
        """;

    List<String> links = links(markdown);

    assertThat(links)
        .containsExactly(
            "docs/configuration.md#syntax", "img/logo.png", "#usage", "../sync-core/README.md");
  }

  @Test
  void headingSlugsFollowGitHub() {
    String markdown =
        """
        # Title
        ## `[gitea]` (required)
        ## Exit codes 0-4
        ## Exit codes 0-4
        ```
        # not a heading
        ```
        """;

    Set<String> anchors = anchors(markdown);

    assertThat(anchors)
        .containsExactlyInAnyOrder("title", "gitea-required", "exit-codes-0-4", "exit-codes-0-4-1");
  }

  @Test
  void brokenLinksAndAnchorsAreReported(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("a.md"),
        "# A\n[ok](b.md#b) [missing](c.md) [bad anchor](b.md#nope) [self](#a)\n");
    Files.writeString(dir.resolve("b.md"), "# B\n");

    List<String> problems = brokenLinks(dir, List.of(dir.resolve("a.md")));

    assertThat(problems)
        .containsExactly("a.md: c.md: no such file", "a.md: b.md#nope: no heading 'nope' in b.md");
  }

  // -- (c) the README's test command is the one CI runs

  @Test
  void readmeTestCommandIsExactlyWhatCiRuns() throws IOException {
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    String ciScript = Files.readString(root.resolve(".ci/run"), StandardCharsets.UTF_8);

    assertThat(ciCommands(ciScript)).containsExactly(readmeTestCommand(readme));
  }

  @Test
  void testCommandExtractionSeesADifference() {
    String readme = "# x\n\n## Run the tests\n\n```sh\nmvn -B verify -DskipITs\n```\n";
    String ci = "#!/bin/sh\n# mvn -B commented out\nset -e\nmvn -B verify\n";

    assertThat(readmeTestCommand(readme)).isEqualTo("mvn -B verify -DskipITs");
    assertThat(ciCommands(ci)).containsExactly("mvn -B verify");
  }

  // -- every path that names a built file names the module that builds it

  @Test
  void pathsToBuiltFilesNameTheModuleThatBuildsThem() throws IOException {
    List<Path> files = new ArrayList<>(markdownFiles(root));
    files.addAll(files(root.resolve(".github/workflows"), ".yml", ".yaml"));
    files.addAll(files(root.resolve("bin"), ""));
    try (Stream<Path> s = Files.walk(root.resolve("deploy"))) {
      s.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    List<String> wrong = new ArrayList<>();
    int found = 0;

    for (Path file : files) {
      Matcher m = BUILT_FILE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        found++;
        String expected = BUILT_BY.get(m.group(2));
        if (!m.group(1).equals(expected)) {
          wrong.add(root.relativize(file) + ": " + m.group() + " (built in " + expected + ")");
        }
      }
    }

    assertThat(found).as("paths to built files in docs, bin/, deploy/ and workflows").isPositive();
    assertThat(wrong).isEmpty();
    assertThat(Files.readString(root.resolve("sync-app/pom.xml"), StandardCharsets.UTF_8))
        .contains("<outputFile>${project.build.directory}/devpi-gitea-sync.jar</outputFile>");
    assertThat(Files.readString(root.resolve("sync-cli/pom.xml"), StandardCharsets.UTF_8))
        .contains("devpi-gitea-sync_completion", "/man</argument>");
  }

  @Test
  void builtFilePatternSeesAStaleModule() {
    Matcher m = BUILT_FILE.matcher("java -jar sync-cli/target/devpi-gitea-sync.jar --demo");

    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo("sync-cli");
    assertThat(BUILT_BY.get(m.group(2))).isEqualTo("sync-app");
  }

  // -- the reference pages name what the code has

  @Test
  void cliPageDocumentsEveryFlagAndExitCode() throws IOException {
    String cliPage = Files.readString(root.resolve("docs/cli.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();

    for (OptionSpec option : new CommandLine(new SyncCli()).getCommandSpec().options()) {
      for (String name : option.names()) {
        if (!cliPage.contains("`" + name)) {
          missing.add(name);
        }
      }
    }
    for (int code :
        new int[] {
          ExitCodes.OK, ExitCodes.SYNC_FAILED, ExitCodes.USAGE, ExitCodes.CONFIG, ExitCodes.INTERNAL
        }) {
      if (!cliPage.contains("| `" + code + "` |")) {
        missing.add("exit code " + code);
      }
    }

    assertThat(missing).isEmpty();
  }

  @Test
  void metricNamesInDocsAndDeployFilesAreExported() throws IOException {
    Path metricsSource =
        root.resolve(
            "sync-server/src/main/java/io/github/devpigiteasync/server/ServerMetrics.java");
    Set<String> exported = declaredMetrics(Files.readString(metricsSource, StandardCharsets.UTF_8));
    List<Path> files = new ArrayList<>(markdownFiles(root));
    files.addAll(files(root.resolve("deploy/prometheus"), ".yml", ".yaml"));
    Set<String> unknown = new TreeSet<>();

    for (Path file : files) {
      Matcher m = METRIC.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        if (!exported.contains(baseMetric(m.group(), exported))) {
          unknown.add(root.relativize(file) + ": " + m.group());
        }
      }
    }

    assertThat(exported)
        .contains("devpi_gitea_sync_last_success_timestamp_seconds", "devpi_gitea_sync_runs_total");
    assertThat(unknown).isEmpty();
  }

  @Test
  void histogramSeriesMapToTheirMetric() {
    Set<String> exported = Set.of("devpi_gitea_sync_run_duration_seconds");

    assertThat(baseMetric("devpi_gitea_sync_run_duration_seconds_bucket", exported))
        .isEqualTo("devpi_gitea_sync_run_duration_seconds");
    assertThat(baseMetric("devpi_gitea_sync_runs", exported)).isEqualTo("devpi_gitea_sync_runs");
  }

  @Test
  void exampleConfigurationsLoadWithoutProblems() throws IOException {
    List<Path> examples = files(root.resolve("deploy/examples"), ".conf");
    List<String> problems = new ArrayList<>();

    for (Path example : examples) {
      SyncConfig config =
          SyncConfig.parse(
              Files.readString(example, StandardCharsets.UTF_8),
              example,
              name -> "value-of-" + name);
      config
          .mappingProblems()
          .forEach((mapping, p) -> problems.add(example.getFileName() + " " + mapping + ": " + p));
    }

    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    assertThat(problems).isEmpty();
  }

  // -- helpers

  /**
   * The repository root: {@code maven.multiModuleProjectDirectory} if set, else the first parent
   * holding .ci/run.
   */
  static Path repositoryRoot() {
    String property = System.getProperty("maven.multiModuleProjectDirectory");
    if (property != null
        && !property.isBlank()
        && Files.isRegularFile(Path.of(property, ".ci", "run"))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(".ci/run"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no parent of " + Path.of("").toAbsolutePath() + " contains .ci/run");
  }

  private static JsonNode parseYaml(Path file) throws IOException {
    JsonNode doc = YAML.readTree(file.toFile());
    assertThat(doc).as("%s is a YAML document", file).isNotNull();
    assertThat(doc.isObject()).as("%s is a YAML mapping", file).isTrue();
    return doc;
  }

  private static List<Path> files(Path dir, String... suffixes) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
          .sorted()
          .toList();
    }
  }

  /** README.md, docs/*.md, the README.md of every module and the Markdown files under deploy/. */
  private static List<Path> markdownFiles(Path root) throws IOException {
    List<Path> result = new ArrayList<>();
    result.add(root.resolve("README.md"));
    result.addAll(files(root.resolve("docs"), ".md"));
    try (Stream<Path> s = Files.list(root)) {
      s.filter(
              dir ->
                  Files.isRegularFile(dir.resolve("pom.xml"))
                      && Files.isRegularFile(dir.resolve("README.md")))
          .map(dir -> dir.resolve("README.md"))
          .sorted()
          .forEach(result::add);
    }
    if (Files.isDirectory(root.resolve("deploy"))) {
      try (Stream<Path> s = Files.walk(root.resolve("deploy"))) {
        s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(result::add);
      }
    }
    return result;
  }

  /**
   * One line per broken relative link: {@code file: target: why}, file relative to {@code root}.
   */
  static List<String> brokenLinks(Path root, List<Path> markdownFiles) {
    Map<Path, Set<String>> anchorCache = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Path file : markdownFiles) {
      String text = read(file);
      for (String link : links(text)) {
        int hash = link.indexOf('#');
        String pathPart = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? "" : link.substring(hash + 1);
        Path target =
            pathPart.isEmpty() ? file : file.getParent().resolve(decode(pathPart)).normalize();
        String where = root.relativize(file) + ": " + link + ": ";
        if (!Files.exists(target)) {
          if (!(target.startsWith(root)
              && ANNOUNCED_PAGES.contains(root.relativize(target).toString().replace('\\', '/')))) {
            problems.add(where + "no such file");
          }
        } else if (!anchor.isEmpty()
            && target.getFileName().toString().endsWith(".md")
            && !anchorCache.computeIfAbsent(target, t -> anchors(read(t))).contains(anchor)) {
          problems.add(where + "no heading '" + anchor + "' in " + root.relativize(target));
        }
      }
    }
    return problems;
  }

  /** Relative link targets in Markdown text, outside code blocks and code spans, in order. */
  static List<String> links(String markdown) {
    List<String> result = new ArrayList<>();
    for (String line : proseLines(markdown)) {
      Matcher definition = REFERENCE_DEFINITION.matcher(line);
      if (definition.matches()) {
        addRelative(definition.group(1), result);
        continue;
      }
      Matcher m = INLINE_LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) {
        addRelative(m.group(1), result);
      }
    }
    return result;
  }

  private static void addRelative(String target, List<String> out) {
    if (!SCHEME.matcher(target).find() && !target.startsWith("//")) {
      out.add(target);
    }
  }

  /** The anchors GitHub generates for the headings of a Markdown text. */
  static Set<String> anchors(String markdown) {
    Set<String> result = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : proseLines(markdown)) {
      Matcher m = HEADING.matcher(line);
      if (m.matches()) {
        String slug = slug(m.group(2));
        int n = seen.merge(slug, 1, Integer::sum);
        result.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return result;
  }

  private static String slug(String heading) {
    String text =
        heading
            .replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1") // links keep their text
            .replaceAll("<[^>]+>", "") // inline HTML
            .toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.appendCodePoint(c);
              } else if (c == ' ') {
                sb.append('-');
              }
            });
    return sb.toString();
  }

  /** The lines of a Markdown text that are not inside fenced code blocks. */
  private static List<String> proseLines(String markdown) {
    List<String> result = new ArrayList<>();
    Optional<String> fence = Optional.empty();
    for (String line : markdown.split("\\R", -1)) {
      String stripped = line.strip();
      if (fence.isPresent()) {
        if (stripped.startsWith(fence.get())
            && stripped.replace(fence.get().substring(0, 1), "").isEmpty()) {
          fence = Optional.empty();
        }
      } else if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
        fence = Optional.of(stripped.substring(0, fenceLength(stripped)));
      } else {
        result.add(line);
      }
    }
    return result;
  }

  private static int fenceLength(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == line.charAt(0)) {
      n++;
    }
    return n;
  }

  /** The single command in the first code block after the "Run the tests" heading. */
  static String readmeTestCommand(String readme) {
    List<String> lines = List.of(readme.split("\\R"));
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("#{1,6}\\s+Run the tests\\s*")) {
        heading = i;
        break;
      }
    }
    assertThat(heading).as("README.md has a 'Run the tests' heading").isNotNegative();
    List<String> block = new ArrayList<>();
    boolean inBlock = false;
    for (int i = heading + 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("```")) {
        if (inBlock) {
          break;
        }
        inBlock = true;
      } else if (inBlock && !line.isEmpty()) {
        block.add(line);
      } else if (!inBlock && line.startsWith("#")) {
        break;
      }
    }
    assertThat(block).as("the code block under 'Run the tests' holds one command").hasSize(1);
    return block.get(0);
  }

  /** The Maven command lines a shell script runs (comments skipped). */
  static List<String> ciCommands(String script) {
    return script.lines().map(String::strip).filter(line -> line.startsWith("mvn ")).toList();
  }

  static Set<String> declaredMetrics(String source) {
    Set<String> result = new TreeSet<>();
    Matcher m = METRIC_DECLARATION.matcher(source);
    while (m.find()) {
      result.add(m.group(1));
    }
    return result;
  }

  /**
   * The metric a series name belongs to: histograms also expose {@code _bucket}, {@code _count},
   * {@code _sum}.
   */
  static String baseMetric(String series, Set<String> exported) {
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (series.endsWith(suffix)
          && exported.contains(series.substring(0, series.length() - suffix.length()))) {
        return series.substring(0, series.length() - suffix.length());
      }
    }
    return series;
  }

  private static String decode(String path) {
    return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
