package io.github.devpigiteasync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.sync.config.Selection;
import io.github.devpigiteasync.sync.config.SyncConfig;
import io.github.devpigiteasync.testkit.Dist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine snippet of docs/embedding.md, run against the simulators, so the guide cannot drift
 * from the API.
 */
class EmbeddingDocTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void engineSnippetOfTheEmbeddingGuideRunsAsWritten() throws Exception {
    try (SimHarness sim = new SimHarness(dir)) {
      sim.gitea.owner("platform-team", false);
      Dist dist = sim.dists.wheel("platform-api", "1.0").build();
      sim.gitea.publish("platform-team", dist);
      SyncConfig loaded =
          sim.parse(
              sim.head() + "[mapping:platform]\norganization = platform-team\nindex = ci/prod\n");
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        snippet(loaded);
      } finally {
        System.setOut(stdout);
      }

      assertThat(printed.toString(StandardCharsets.UTF_8))
          .contains("1 files, " + dist.size() + " bytes", "ok");
      assertThat(sim.devpi.file("ci/prod", dist.filename())).isPresent();
    }
  }

  // The guide's first line loads the file; here the config comes from the simulators instead.
  private static void snippet(SyncConfig config) {
    // snippet:start
    Selection selection = config.select(List.of("platform-team"), List.of()); // --org platform-team

    try (SyncEngine engine = SyncEngine.builder().config(config).clock(Clock.systemUTC()).build()) {
      SyncPlan plan = engine.plan(selection, new SyncOptions(false, List.of("platform-*")));
      System.out.println(
          plan.filesToUpload() + " files, " + plan.bytesToUpload() + " bytes to upload");

      SyncReport report = engine.apply(plan, SyncListener.NONE);
      System.out.println(
          report.succeeded() ? "ok" : "failed: " + report.count(FileResult.Outcome.FAILED));
    }
    // snippet:end
  }

  @Test
  void embeddingGuideShowsExactlyTheSnippetThisTestRuns() throws IOException {
    Path root = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."));
    if (!Files.exists(root.resolve("docs/embedding.md"))) {
      root = Path.of("..");
    }
    String guide = Files.readString(root.resolve("docs/embedding.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            Path.of("src/test/java/io/github/devpigiteasync/sync/EmbeddingDocTest.java"),
            StandardCharsets.UTF_8);
    String ran =
        source.substring(
            source.indexOf("// snippet:start") + "// snippet:start".length(),
            source.indexOf("    // snippet:end"));

    Matcher block = JAVA_BLOCK.matcher(guide.substring(guide.indexOf("## sync-core")));
    assertThat(block.find()).isTrue();
    String shown = block.group(1);

    assertThat(normalize(shown)).endsWith(normalize(ran));
    assertThat(shown).startsWith("SyncConfig config = SyncConfig.load(");
  }

  /** The code without white space: the guide may wrap lines differently from the formatter. */
  private static String normalize(String code) {
    return code.replaceAll("\\s+", "");
  }
}
