package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDocsExamplesTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final Map<String, String> ENV =
      Map.of(
          "GITEA_TOKEN", "gitea-global",
          "ACME_TOKEN", "gitea-acme",
          "DEVPI_PASSWORD", "devpi-pw",
          "BACKUP_DEVPI_TOKEN", "devpi-backup-token",
          "GITEA_WEBHOOK_SECRET", "hook",
          "SYNC_API_TOKEN", "api",
          "LEGACY_TOKEN", "gitea-legacy",
          "STORE_PASSWORD", "store-pw");
  private static final Function<String, String> env = ENV::get;

  @TempDir Path dir;

  static List<String> iniBlocks() throws Exception {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (current == null && line.equals("```ini")) {
        current = new StringBuilder();
      } else if (current != null && line.equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  @Test
  void everyIniExampleOfTheDocsLoadsWithoutProblems() throws Exception {
    Files.writeString(dir.resolve("internal-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    List<String> blocks = iniBlocks();

    List<SyncConfig> configs = new ArrayList<>();
    for (String block : blocks) {
      configs.add(SyncConfig.parse(block, dir.resolve("devpi-gitea-sync.conf"), env));
    }

    assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
    for (SyncConfig c : configs) {
      assertThat(c.mappingProblems()).isEmpty();
    }
  }

  @Test
  void completeExampleLoadsToTheExpectedRecords() throws Exception {
    Files.writeString(dir.resolve("internal-ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    String complete = iniBlocks().get(0);

    SyncConfig c = SyncConfig.parse(complete, dir.resolve("devpi-gitea-sync.conf"), env);

    assertThat(c.source()).contains(dir.resolve("devpi-gitea-sync.conf"));
    assertThat(c.gitea())
        .isEqualTo(
            new GiteaSettings(
                URI.create("https://gitea.example.com/"),
                Optional.of(Secret.of("gitea-global")),
                Tls.defaults(),
                Duration.ofSeconds(10)));
    assertThat(c.devpiServers()).containsOnlyKeys("default", "backup");
    assertThat(c.devpiServers().get("default"))
        .isEqualTo(
            new DevpiServer(
                "default",
                URI.create("https://devpi.example.com"),
                "ci",
                Optional.of(Secret.of("devpi-pw")),
                Optional.empty(),
                Tls.defaults(),
                Duration.ofSeconds(30)));
    assertThat(c.devpiServers().get("backup"))
        .isEqualTo(
            new DevpiServer(
                "backup",
                URI.create("https://devpi-backup.example.com"),
                "ci",
                Optional.empty(),
                Optional.of(Secret.of("devpi-backup-token")),
                Tls.caBundle(dir.resolve("internal-ca.pem")),
                Duration.ofSeconds(60)));
    assertThat(c.mappings())
        .containsExactly(
            new Mapping(
                "acme",
                "acme",
                "ci/stable",
                "default",
                List.of("core", "tools"),
                false,
                List.of(),
                List.of("*-dev", "acme-experimental"),
                Set.of(FileType.WHEEL, FileType.SDIST)),
            new Mapping(
                "team.alpha",
                "alpha",
                "alpha/dev",
                "backup",
                List.of(),
                true,
                List.of("alpha-*", "shared_[a-m]*"),
                List.of(),
                Set.of(FileType.WHEEL)));
    assertThat(c.runtime())
        .isEqualTo(
            new RuntimeSettings(
                Duration.ofSeconds(600),
                Optional.of(dir.resolve("staging")),
                "127.0.0.1",
                8080,
                8,
                Optional.of(Secret.of("hook")),
                Optional.of(Secret.of("api")),
                TransferMode.STAGED,
                dir.resolve("state")));
    assertThat(c.store())
        .isEqualTo(
            new StoreSettings(
                StoreSettings.Kind.POSTGRESQL,
                Optional.of("jdbc:postgresql://db.example.com:5432/devpi_sync"),
                Optional.of("sync"),
                Optional.of(Secret.of("store-pw")),
                30));
    assertThat(c.giteaTokenFor(c.mappings().get(0))).contains(Secret.of("gitea-acme"));
    assertThat(c.giteaTokenFor(c.mappings().get(1))).contains(Secret.of("gitea-global"));
    assertThat(c.credentialsFor(c.mappings().get(0)).devpiPassword())
        .contains(Secret.of("devpi-pw"));
    assertThat(c.credentialsFor(c.mappings().get(1)).devpiToken())
        .contains(Secret.of("devpi-backup-token"));
  }

  @Test
  void tokenExampleResolvesGlobalOrganizationAndMappingTokens() throws Exception {
    String tokens = iniBlocks().get(1);

    SyncConfig c = SyncConfig.parse(tokens, dir.resolve("devpi-gitea-sync.conf"), env);

    assertThat(c.mappings())
        .extracting(c::giteaTokenFor)
        .containsExactly(
            Optional.of(Secret.of("gitea-global")),
            Optional.of(Secret.of("literal-tokens-work-but-keep-the-file-private")),
            Optional.of(Secret.of("gitea-legacy")));
    assertThat(c.devpiServers().get("default").password())
        .contains(Secret.of("pass word ; with a semicolon"));
  }
}
