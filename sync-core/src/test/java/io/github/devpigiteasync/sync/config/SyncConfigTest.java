package io.github.devpigiteasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncConfigTest {
  private static final String BASE =
      """
      [gitea]
      url = https://gitea.example.com
      token = S3CRET-global

      [gitea:my.org]
      token = S3CRET-org   # inline comment

      [devpi]
      url = https://devpi.example.com
      username = ci
      password = S3CRET-devpi

      [mapping:team.alpha]
      organization = my.org
      index = ci/alpha   ; comment

      [mapping:own]
      organization = my.org
      index = ci/own
      token = S3CRET-own

      [mapping:plain]
      organization = other
      index = ci/plain
      """;

  @TempDir Path dir;

  private SyncConfig parse(String text) {
    return SyncConfig.parse(
        text, dir.resolve("devpi-gitea-sync.conf"), Map.<String, String>of()::get);
  }

  private Path write(String text, String mode) throws Exception {
    Path file = dir.resolve("devpi-gitea-sync.conf");
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static Mapping mapping(SyncConfig c, String name) {
    return c.mappings().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void giteaTokenComesFromMappingThenOrganizationThenGlobal() {
    SyncConfig c = parse(BASE);

    assertThat(c.giteaTokenFor(mapping(c, "own"))).contains(Secret.of("S3CRET-own"));
    assertThat(c.giteaTokenFor(mapping(c, "team.alpha"))).contains(Secret.of("S3CRET-org"));
    assertThat(c.giteaTokenFor(mapping(c, "plain"))).contains(Secret.of("S3CRET-global"));
    assertThat(c.mappingProblems()).isEmpty();
  }

  @Test
  void dottedSectionNamesAndInlineCommentsAreReadVerbatim() {
    SyncConfig c = parse(BASE);

    assertThat(c.mappings())
        .extracting(Mapping::name)
        .containsExactly("team.alpha", "own", "plain");
    assertThat(mapping(c, "team.alpha").index()).isEqualTo("ci/alpha");
    assertThat(mapping(c, "team.alpha").organization()).isEqualTo("my.org");
    assertThat(c.devpiServerFor(mapping(c, "plain")).name()).isEqualTo("default");
  }

  @Test
  void missingTokenMakesOnlyThatMappingUnrunnable() {
    String text =
        BASE.replace("token = S3CRET-global\n", "")
            .replace("token = S3CRET-org   # inline comment\n", "token_env = ORG_TOKEN\n");

    SyncConfig c =
        SyncConfig.parse(text, dir.resolve("x.conf"), Map.of("ORG_TOKEN", "S3CRET-env")::get);

    assertThat(c.problemsFor(mapping(c, "plain")))
        .containsExactly(
            "no Gitea token: set token or token_env in [mapping:plain], [gitea:other] or [gitea]");
    assertThat(c.problemsFor(mapping(c, "team.alpha"))).isEmpty();
    assertThat(c.giteaTokenFor(mapping(c, "team.alpha"))).contains(Secret.of("S3CRET-env"));
    assertThat(c.problemsFor(mapping(c, "own"))).isEmpty();
  }

  @Test
  void unsetDevpiPasswordVariableDisablesOnlyMappingsOfThatServer() {
    String text =
        BASE
            + """

        [devpi:vault]
        url = https://vault.example.com
        username = ci
        password_env = VAULT_PW

        [mapping:secure]
        index = ci/secure
        devpi = vault
        """;

    SyncConfig c = parse(text);

    assertThat(c.problemsFor(mapping(c, "secure")))
        .containsExactly(
            "environment variable VAULT_PW (from [devpi:vault] password_env) is not set");
    assertThat(c.mappingProblems()).containsOnlyKeys("secure");
  }

  @Test
  void secretsNeverAppearInToStringOfTheWholeConfig() {
    SyncConfig c =
        parse(BASE + "\n[runtime]\nwebhook_secret = S3CRET-hook\napi_token = S3CRET-api\n");

    String text = c.toString();

    assertThat(text).doesNotContain("S3CRET").contains("****");
    assertThat(c.runtime().webhookSecret()).contains(Secret.of("S3CRET-hook"));
    assertThat(Secret.of("S3CRET-x")).hasToString("****");
  }

  @Test
  void problemMessagesNeverContainSecrets() {
    String text =
        BASE.replace(
                    "url = https://gitea.example.com",
                    "url = https://admin:S3CRET-pw@gitea.example.com")
                .replace("username = ci", "")
            + "\n[gitea:x]\ntoken_env = S3CRET-value-in-env-option\n";

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(text));

    assertThat(e.getMessage()).doesNotContain("S3CRET");
    assertThat(e.problems()).hasSize(3);
  }

  @Test
  void secretEqualityIsByValue() {
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a"));
    assertThat(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("a").reveal()).isEqualTo("a");
  }

  @Test
  void loadRefusesGroupOrOtherReadableFileNamingModeAndFix() throws Exception {
    Path file = write(BASE, "rw-r--r--");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> SyncConfig.load(file));

    assertThat(e.kind()).isEqualTo(ConfigException.Kind.PERMISSIONS);
    assertThat(e.getMessage())
        .contains(file.toString())
        .contains("0644")
        .contains("chmod 600 " + file);
  }

  @Test
  void loadAcceptsOwnerOnlyModes() throws Exception {
    Path rw = write(BASE, "rw-------");
    SyncConfig c600 = SyncConfig.load(rw, Map.<String, String>of()::get);
    Path ro = write(BASE, "r--------");

    SyncConfig c400 = SyncConfig.load(ro, Map.<String, String>of()::get);

    assertThat(c600.mappings()).hasSize(3);
    assertThat(c400.source()).contains(ro);
  }

  @Test
  void loadOfMissingFileNamesIt() {
    Path missing = dir.resolve("nope.conf");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> SyncConfig.load(missing));

    assertThat(e.kind()).isEqualTo(ConfigException.Kind.NOT_FOUND);
    assertThat(e.getMessage()).contains(missing.toString()).contains("not found");
  }

  @Test
  void relativePathsResolveAgainstTheConfigFolder() throws Exception {
    Files.createDirectories(dir.resolve("certs"));
    Files.writeString(dir.resolve("certs/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
    String text =
        BASE.replace("username = ci", "username = ci\nverify_ssl = certs/ca.pem")
            + "\n[runtime]\ndownload_dir = staging\n";

    SyncConfig c = parse(text);

    assertThat(c.devpiServers().get("default").tls())
        .isEqualTo(Tls.caBundle(dir.resolve("certs/ca.pem")));
    assertThat(c.runtime().downloadDir()).contains(dir.resolve("staging"));
  }

  @Test
  void booleansAndFloatTimeoutsAcceptEveryDocumentedSpelling() {
    for (String yes : List.of("true", "YES", "On", "1")) {
      SyncConfig c = parse(BASE + "include_archived = " + yes + "\n");
      assertThat(mapping(c, "plain").includeArchived()).as(yes).isTrue();
    }
    for (String no : List.of("false", "No", "OFF", "0")) {
      SyncConfig c = parse(BASE.replace("username = ci", "username = ci\nverify_ssl = " + no));
      assertThat(c.devpiServers().get("default").tls()).as(no).isEqualTo(Tls.insecure());
    }
    SyncConfig c = parse(BASE.replace("username = ci", "username = ci\ntimeout = 2.5"));
    assertThat(c.devpiServers().get("default").timeout()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void transferModeDefaultsToStreamingAndAcceptsStagedInAnyCase() {
    assertThat(parse(BASE).runtime().transferMode()).isEqualTo(TransferMode.STREAMING);

    SyncConfig staged = parse(BASE + "\n[runtime]\ntransfer_mode = Staged\n");
    SyncConfig streaming = parse(BASE + "\n[runtime]\ntransfer_mode = STREAMING\n");

    assertThat(staged.runtime().transferMode()).isEqualTo(TransferMode.STAGED);
    assertThat(streaming.runtime().transferMode()).isEqualTo(TransferMode.STREAMING);
  }

  @Test
  void badTransferModeIsAConfigErrorNamingTheOptionAndBothValues() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> parse(BASE + "\n[runtime]\ntransfer_mode = chunked\n"));

    assertThat(e.getMessage())
        .contains("[runtime] transfer_mode: 'chunked' is not a transfer mode")
        .contains("expected streaming or staged");
  }

  @Test
  void selectionByOrgAndMappingIsTheIntersectionInConfigOrder() {
    SyncConfig c = parse(BASE);

    Selection byOrg = c.select(List.of("my.org"), List.of());
    Selection both = c.select(List.of("my.org"), List.of("own", "plain", "team.alpha"));
    Selection all = c.select(List.of(), List.of());

    assertThat(byOrg.mappings()).extracting(Mapping::name).containsExactly("team.alpha", "own");
    assertThat(both.mappings()).extracting(Mapping::name).containsExactly("team.alpha", "own");
    assertThat(all.mappings()).hasSize(3);
  }

  @Test
  void selectingAnUnknownNameListsTheKnownOnes() {
    SyncConfig c = parse(BASE);

    SelectionException org =
        catchThrowableOfType(
            SelectionException.class, () -> c.select(List.of("nobody"), List.of()));
    SelectionException name =
        catchThrowableOfType(
            SelectionException.class, () -> c.select(List.of(), List.of("own", "typo")));
    SelectionException both =
        catchThrowableOfType(
            SelectionException.class, () -> c.select(List.of("other"), List.of("own")));

    assertThat(org).hasMessageContaining("'nobody'").hasMessageContaining("my.org, other");
    assertThat(org.unknownOrganizations()).containsExactly("nobody");
    assertThat(org.knownOrganizations()).containsExactly("my.org", "other");
    assertThat(org.unknownMappings()).isEmpty();
    assertThat(org.noCommonMapping()).isFalse();
    assertThat(name).hasMessageContaining("'typo'").hasMessageContaining("team.alpha, own, plain");
    assertThat(name.unknownMappings()).containsExactly("typo");
    assertThat(name.knownMappings()).containsExactly("team.alpha", "own", "plain");
    assertThat(both.noCommonMapping()).isTrue();
    assertThat(both.requestedOrganizations()).containsExactly("other");
    assertThat(both.requestedMappings()).containsExactly("own");
    assertThat(both.mappingsOfRequestedOrganizations()).containsExactly("plain");
  }

  @Test
  void selectionMessagesNameNoCommandLineFlag() {
    SyncConfig c = parse(BASE);

    List<Throwable> errors =
        List.of(
            catchThrowableOfType(
                SelectionException.class, () -> c.select(List.of("x"), List.of("y"))),
            catchThrowableOfType(
                SelectionException.class, () -> c.select(List.of("other"), List.of("own"))));

    assertThat(errors).extracting(Throwable::getMessage).noneMatch(m -> m.contains("--"));
  }

  @Test
  void builderBuildsTheSameConfigInCodeAsTheDocsShow() {
    SyncConfig config =
        SyncConfig.builder()
            .gitea(GiteaSettings.of(URI.create("https://gitea.example.com")))
            .giteaToken("acme", Secret.of("S3CRET-acme"))
            .devpiServer(
                new DevpiServer(
                    "default",
                    URI.create("https://devpi.example.com"),
                    "ci",
                    Optional.of(Secret.of("S3CRET-pw")),
                    Optional.empty(),
                    Tls.defaults(),
                    DevpiServer.DEFAULT_TIMEOUT))
            .mapping(Mapping.builder("acme", "ci/stable").excludePackages(List.of("*-dev")).build())
            .build();

    Mapping acme = config.mappings().get(0);
    assertThat(config.source()).isEmpty();
    assertThat(acme.organization()).isEqualTo("acme");
    assertThat(acme.fileTypes()).containsExactly(FileType.WHEEL, FileType.SDIST);
    assertThat(config.giteaTokenFor(acme)).contains(Secret.of("S3CRET-acme"));
    assertThat(config.credentialsFor(acme).devpiPassword()).contains(Secret.of("S3CRET-pw"));
    assertThat(config.runtime()).isEqualTo(RuntimeSettings.defaults());
  }

  @Test
  void builderValidatesTheSameRulesAsAFile() {
    SyncConfig.Builder b =
        SyncConfig.builder()
            .gitea(
                new GiteaSettings(
                    URI.create("ftp://gitea"), Optional.empty(), Tls.defaults(), Duration.ZERO))
            .devpiServer(
                new DevpiServer(
                    "main",
                    URI.create("https://d"),
                    " ",
                    Optional.of(Secret.of("p")),
                    Optional.of(Secret.of("t")),
                    Tls.defaults(),
                    DevpiServer.DEFAULT_TIMEOUT))
            .mapping(Mapping.builder("web", "dev").fileTypes(List.of()).build())
            .runtime(
                new RuntimeSettings(
                    Duration.ofSeconds(30),
                    Optional.empty(),
                    "0.0.0.0",
                    0,
                    33,
                    Optional.empty(),
                    Optional.empty(),
                    TransferMode.STREAMING,
                    Path.of("state")));

    ConfigException e = catchThrowableOfType(ConfigException.class, b::build);

    assertThat(e.problems())
        .extracting(ConfigProblem::describe)
        .containsExactly(
            "[gitea] url: 'ftp://gitea' is not an http or https URL with a host; expected an http or https URL such as https://host.example.com",
            "[gitea] timeout: must be more than 0 and at most 86400 seconds",
            "[devpi:main] username: required option is missing; expected the devpi user name",
            "[devpi:main] token: password/password_env and token/token_env are exclusive; keep one kind of credential",
            "[mapping:web] index: 'dev' is not of the form user/index",
            "[mapping:web] devpi: no devpi server given and there is no [devpi] section; add a [devpi] section or set devpi = <name> of a [devpi:<name>] section",
            "[mapping:web] file_types: must name at least one of wheel, sdist",
            "[runtime] poll_interval_seconds: 30 is too small; the minimum is 60 seconds",
            "[runtime] concurrency: 33 is out of range; expected 1 to 32",
            "[runtime] server_port: 0 is out of range; expected 1 to 65535");
    assertThat(e.problems().get(0).file()).isEqualTo(Path.of("SyncConfig.builder()"));
  }

  @Test
  void withRuntimeOverridesHostAndPortAndRejectsInvalidPort() {
    SyncConfig c = parse(BASE);

    SyncConfig overridden = c.withRuntime(c.runtime().withServer("127.0.0.1", 9090));

    assertThat(overridden.runtime().serverHost()).isEqualTo("127.0.0.1");
    assertThat(overridden.runtime().serverPort()).isEqualTo(9090);
    assertThat(overridden.mappings()).isEqualTo(c.mappings());
    assertThatThrownBy(() -> c.withRuntime(c.runtime().withServer("h", 70000)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[runtime] server_port: 70000 is out of range");
  }

  @Test
  void quotedValuesKeepCommentCharacters() {
    SyncConfig c = parse(BASE.replace("password = S3CRET-devpi", "password = \"p #w ;d\""));

    assertThat(c.devpiServers().get("default").password()).contains(Secret.of("p #w ;d"));
  }

  @Test
  void runtimeDefaultsToStreamingAndAStateDirFromTheEnvironment() {
    Path state = dir.resolve("state");

    SyncConfig systemd =
        SyncConfig.parse(
            BASE, dir.resolve("x.conf"), Map.of("STATE_DIRECTORY", state.toString())::get);
    SyncConfig xdg =
        SyncConfig.parse(BASE, dir.resolve("x.conf"), Map.of("XDG_STATE_HOME", "/xdg")::get);
    SyncConfig home =
        SyncConfig.parse(BASE, dir.resolve("x.conf"), Map.of("HOME", "/home/ci")::get);

    assertThat(systemd.runtime().transferMode()).isEqualTo(TransferMode.STREAMING);
    assertThat(systemd.runtime().stateDir()).isEqualTo(state);
    assertThat(xdg.runtime().stateDir()).isEqualTo(Path.of("/xdg/devpi-gitea-sync"));
    assertThat(home.runtime().stateDir())
        .isEqualTo(Path.of("/home/ci/.local/state/devpi-gitea-sync"));
    assertThat(home.store()).isEqualTo(StoreSettings.defaults());
  }

  @Test
  void transferModeIsCaseInsensitiveAndStateDirIsRelativeToTheConfigFolder() {
    SyncConfig c = parse(BASE + "\n[runtime]\ntransfer_mode = Staged\nstate_dir = var/state\n");

    assertThat(c.runtime().transferMode()).isEqualTo(TransferMode.STAGED);
    assertThat(c.runtime().stateDir()).isEqualTo(dir.resolve("var/state"));
  }

  @Test
  void storeNoneTurnsHistoryOffAndPostgresTakesItsPasswordFromTheEnvironment() {
    SyncConfig none = parse(BASE + "\n[store]\nurl = none\nhistory_days = 1\n");
    SyncConfig pg =
        SyncConfig.parse(
            BASE
                + "\n[store]\nurl = jdbc:postgresql://db:5432/sync\nusername = sync\n"
                + "password_env = DB_PW\n",
            dir.resolve("x.conf"),
            Map.of("DB_PW", "S3CRET-db")::get);

    assertThat(none.store().kind()).isEqualTo(StoreSettings.Kind.NONE);
    assertThat(none.store().historyDays()).isEqualTo(1);
    assertThat(pg.store().kind()).isEqualTo(StoreSettings.Kind.POSTGRESQL);
    assertThat(pg.store().url()).contains("jdbc:postgresql://db:5432/sync");
    assertThat(pg.store().password()).contains(Secret.of("S3CRET-db"));
    assertThat(pg.toString()).doesNotContain("S3CRET");
  }

  @Test
  void problemsCarryLineAndCodeAndPrintLikeACompiler() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> parse(BASE.replace("index = ci/plain", "index = plain\ntimeout = 3")));

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::option, ConfigProblem::code)
        .containsExactly(
            tuple(25, "timeout", ConfigProblem.Code.UNKNOWN_OPTION),
            tuple(24, "index", ConfigProblem.Code.INVALID_VALUE));
    assertThat(e.problems().get(1))
        .hasToString(
            dir.resolve("devpi-gitea-sync.conf")
                + ":24: [mapping:plain] index: 'plain' is not of the form user/index");
  }

  @Test
  void builderProblemsHaveNoLine() {
    ConfigException e = catchThrowableOfType(ConfigException.class, SyncConfig.builder()::build);

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::code)
        .containsExactly(
            tuple(0, ConfigProblem.Code.MISSING_OPTION), tuple(0, ConfigProblem.Code.NO_MAPPING));
    assertThat(e.problems().get(0).toString()).startsWith("SyncConfig.builder(): [gitea] url:");
  }
}
