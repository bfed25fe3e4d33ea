package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import java.util.Map;

/**
 * Coverage-guided fuzz target for the configuration file, through its public entry point {@link
 * SyncConfig#parse}: any text gives a config or a {@link ConfigException} listing at least one
 * problem, and no secret value from the environment ever appears in the message. Complements {@link
 * ConfigFuzzTest}, which garbles known fragments with a fixed seed.
 *
 * <p>Seeds: {@code src/test/resources/io/github/devpigiteasync/sync/config/
 * ConfigTextFuzzTestInputs/configTextLoadsOrIsRefusedWithProblems/}.
 */
class ConfigTextFuzzTest {
  private static final Map<String, String> ENV =
      Map.of("GITEA_TOKEN", "env-gitea-s3cret", "DEVPI_PASSWORD", "env-devpi-s3cret");

  @FuzzTest(maxDuration = "2m")
  void configTextLoadsOrIsRefusedWithProblems(String text) {
    try {
      SyncConfig config =
          SyncConfig.parse(text == null ? "" : text, Path.of("fuzz.conf"), ENV::get);

      assertThat(config.toString()).doesNotContain("env-gitea-s3cret", "env-devpi-s3cret");
    } catch (ConfigException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.getMessage())
          .isNotBlank()
          .doesNotContain("env-gitea-s3cret", "env-devpi-s3cret");
    }
  }
}
