package io.github.devpigiteasync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeGiteaTest {
  private static final String AUTH = "Authorization";
  private final ObjectMapper mapper = new ObjectMapper();
  private final Http http = new Http();
  private final List<FakeGitea> started = new ArrayList<>();
  @TempDir Path dir;
  private Distributions dists;

  @BeforeEach
  void setUp() {
    dists = Distributions.in(dir);
  }

  @AfterEach
  void tearDown() {
    started.forEach(FakeGitea::close);
  }

  private FakeGitea start(FakeGitea.Builder builder) {
    FakeGitea g = builder.build();
    started.add(g);
    return g;
  }

  private JsonNode json(HttpResponse<String> r) throws IOException {
    return mapper.readTree(r.body());
  }

  private FakeGitea withVersions(String giteaVersion, int count) {
    FakeGitea g =
        start(FakeGitea.builder().version(giteaVersion).maxResponseItems(5).defaultPagingNum(3));
    g.owner("acme", false).token("tok", "acme");
    for (int i = 0; i < count; i++) {
      g.publish("acme", dists.wheel("pkg" + (i % 3), "1." + i).build());
    }
    return g;
  }

  @Test
  void listIsNewestFirstWithTotalCountAndLinkHeaderInGiteaOrder() throws IOException {
    FakeGitea g = withVersions("1.24.7", 12);

    HttpResponse<String> r =
        http.get(g.url() + "api/v1/packages/acme?type=pypi&limit=5&page=2", AUTH, "token tok");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Total-Count")).contains("12");
    String base = g.url() + "api/v1/packages/acme?limit=5&page=";
    assertThat(r.headers().firstValue("Link"))
        .contains(
            "<"
                + base
                + "3&type=pypi>; rel=\"next\","
                + "<"
                + base
                + "3&type=pypi>; rel=\"last\",<"
                + base
                + "1&type=pypi>; rel=\"first\","
                + "<"
                + base
                + "1&type=pypi>; rel=\"prev\"");
    JsonNode body = json(r);
    assertThat(body).hasSize(5);
    assertThat(body.get(0).get("version").asText()).isEqualTo("1.6");
    assertThat(body.get(4).get("version").asText()).isEqualTo("1.2");
    assertThat(body.get(0).get("id").asLong()).isGreaterThan(body.get(1).get("id").asLong());
    assertThat(body.get(0).get("created_at").asText()).isEqualTo("2026-01-05T10:00:06Z");
    assertThat(body.get(0).get("repository").isNull()).isTrue();
    assertThat(body.get(0).get("name").asText()).isEqualTo("pkg0");
  }

  @Test
  void limitIsCappedSilentlyAndDefaultsToPagingNum() throws IOException {
    FakeGitea g = withVersions("1.24.7", 12);

    HttpResponse<String> capped =
        http.get(g.url() + "api/v1/packages/acme?limit=1000", AUTH, "token tok");
    HttpResponse<String> dflt = http.get(g.url() + "api/v1/packages/acme", AUTH, "token tok");
    HttpResponse<String> past =
        http.get(g.url() + "api/v1/packages/acme?page=9&limit=5", AUTH, "token tok");

    assertThat(json(capped)).hasSize(5);
    assertThat(json(dflt)).hasSize(3);
    assertThat(json(past)).isEmpty();
    assertThat(past.headers().firstValue("Link").orElseThrow())
        .startsWith("<" + g.url() + "api/v1/packages/acme?limit=5&page=1>; rel=\"first\"");
    JsonNode settings = json(http.get(g.url() + "api/v1/settings/api"));
    assertThat(settings.get("max_response_items").asInt()).isEqualTo(5);
    assertThat(settings.get("default_paging_num").asInt()).isEqualTo(3);
  }

  @Test
  void emptyOwnerGivesEmptyListWithZeroCountAndNoLink() {
    FakeGitea g = start(FakeGitea.builder());
    g.owner("empty", false).token("tok");

    HttpResponse<String> r = http.get(g.url() + "api/v1/packages/empty", AUTH, "Bearer tok");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    assertThat(r.headers().firstValue("X-Total-Count")).contains("0");
    assertThat(r.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void queryIsCaseInsensitiveSubstringAndNamesAreStoredGiteaStyle() throws IOException {
    FakeGitea g = start(FakeGitea.builder());
    g.owner("acme", false).token("tok", "*");
    g.publish("acme", dists.wheel("Foo.Bar_baz", "1.0").build());
    g.publish("acme", dists.wheel("other", "1.0").build());

    JsonNode body = json(http.get(g.url() + "api/v1/packages/acme?q=BAR", AUTH, "token tok"));

    assertThat(body).hasSize(1);
    assertThat(body.get(0).get("name").asText()).isEqualTo("Foo-Bar-baz");
  }

  @Test
  void fileSizeKeyDependsOnVersionAndHashesMatch() throws Exception {
    Dist wheel = dists.wheel("foo", "1.0").build();
    FakeGitea old = start(FakeGitea.builder().version("1.23.8"));
    FakeGitea now = start(FakeGitea.builder().version("1.25.5"));
    for (FakeGitea g : List.of(old, now)) {
      g.owner("acme", false).token("tok", "acme").publish("acme", wheel);
    }

    JsonNode oldFiles =
        json(http.get(old.url() + "api/v1/packages/acme/pypi/foo/1.0/files", AUTH, "token tok"));
    JsonNode newFiles =
        json(http.get(now.url() + "api/v1/packages/acme/pypi/foo/1.0/files", AUTH, "token tok"));

    assertThat(oldFiles.get(0).has("Size")).isTrue();
    assertThat(oldFiles.get(0).has("size")).isFalse();
    assertThat(newFiles.get(0).get("size").asLong()).isEqualTo(wheel.size());
    assertThat(newFiles.get(0).get("sha256").asText()).isEqualTo(wheel.sha256());
    byte[] bytes = Files.readAllBytes(wheel.path());
    assertThat(newFiles.get(0).get("md5").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)));
    assertThat(newFiles.get(0).get("sha512").asText()).hasSize(128);
  }

  @Test
  void versionsEndpointDependsOnGiteaVersion() {
    String path = "api/v1/packages/acme/pypi/";
    FakeGitea v123 = withVersions("1.23.8", 2);
    FakeGitea v125 = withVersions("1.25.5", 2);
    FakeGitea v126 = withVersions("1.26.4", 2);

    assertThat(http.get(v123.url() + path + "pkg0", AUTH, "token tok").statusCode()).isEqualTo(404);
    assertThat(http.get(v125.url() + path + "pkg0", AUTH, "token tok").body())
        .contains("\"version\":\"1.0\"");
    assertThat(http.get(v125.url() + path + "nope", AUTH, "token tok").body()).isEqualTo("[]");
    assertThat(http.get(v126.url() + path + "nope", AUTH, "token tok").statusCode()).isEqualTo(404);
    assertThat(http.get(v126.url() + "api/v1/version").body())
        .isEqualTo("{\"version\":\"1.26.4\"}");
  }

  @Test
  void authStatusCodesFollowTheNotes() throws IOException {
    FakeGitea g = start(FakeGitea.builder().version("1.24.7"));
    g.owner("pub", false)
        .owner("secret", true)
        .token("tok", "pub")
        .tokenWithoutPackageScope("noscope");
    FakeGitea old = start(FakeGitea.builder().version("1.23.8"));
    old.owner("secret", true);

    assertThat(http.get(g.url() + "api/v1/packages/pub").statusCode()).isEqualTo(401);
    assertThat(http.get(g.url() + "api/v1/packages/secret").statusCode()).isEqualTo(401);
    assertThat(http.get(old.url() + "api/v1/packages/secret").statusCode()).isEqualTo(403);
    assertThat(http.get(g.url() + "api/v1/packages/pub", AUTH, "token wrong").statusCode())
        .isEqualTo(401);
    assertThat(http.get(g.url() + "api/v1/version", AUTH, "token wrong").statusCode())
        .isEqualTo(401);
    assertThat(http.get(g.url() + "api/v1/packages/pub", AUTH, "token noscope").statusCode())
        .isEqualTo(403);
    assertThat(http.get(g.url() + "api/v1/packages/nobody", AUTH, "token tok").statusCode())
        .isEqualTo(404);
    HttpResponse<String> forbidden =
        http.get(g.url() + "api/v1/packages/secret", AUTH, "token tok");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(json(forbidden).get("url").asText()).isEqualTo(g.url() + "api/swagger");
    assertThat(http.get(g.url() + "api/v1/packages/pub", AUTH, "Token tok").statusCode())
        .isEqualTo(401);
    String basic = java.util.Base64.getEncoder().encodeToString("someone:tok".getBytes());
    assertThat(http.get(g.url() + "api/v1/packages/pub", AUTH, "Basic " + basic).statusCode())
        .isEqualTo(200);
    HttpResponse<String> registry =
        http.get(g.url() + "api/packages/secret/pypi/simple/x", AUTH, "token tok");
    assertThat(registry.statusCode()).isEqualTo(401);
    assertThat(registry.headers().firstValue("WWW-Authenticate"))
        .contains("Basic realm=\"Gitea Package API\"");
  }

  @Test
  void tokenWordIsCaseInsensitiveFrom125() {
    FakeGitea g = start(FakeGitea.builder().version("1.25.5"));
    g.owner("pub", false).token("tok");

    assertThat(http.get(g.url() + "api/v1/packages/pub", AUTH, "TOKEN tok").statusCode())
        .isEqualTo(200);
  }

  @Test
  void simplePageHasAbsoluteRootUrlLinksWithShaAndEscapedRequiresPython() {
    FakeGitea g = start(FakeGitea.builder().rootUrl("https://git.example.test/sub"));
    g.owner("acme", false);
    Dist b = dists.wheel("Foo.Bar", "2.0").requiresPython(">=3.8").build();
    Dist a = dists.sdist("Foo.Bar", "10.0").build();
    g.publish("acme", b);
    g.publish("acme", a);

    HttpResponse<String> r = http.get(g.url() + "api/packages/acme/pypi/simple/foo_bar");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<title>Links for Foo-Bar</title>");
    assertThat(r.body())
        .contains(
            "<a href=\"https://git.example.test/sub/api/packages/acme/pypi/files/foo-bar/2.0/"
                + b.filename()
                + "#sha256="
                + b.sha256()
                + "\" data-requires-python=\"&gt;=3.8\">"
                + b.filename()
                + "</a><br>");
    // plain string order: "10.0" sorts before "2.0"
    assertThat(r.body().indexOf(a.filename())).isLessThan(r.body().indexOf(b.filename()));
    assertThat(http.get(g.url() + "api/packages/acme/pypi/simple/nope").statusCode())
        .isEqualTo(404);
  }

  @Test
  void downloadMatchesNameLooselyAndStreamsExactBytes() throws IOException {
    FakeGitea g = start(FakeGitea.builder().subPath("/gitea/"));
    g.owner("acme", true).token("tok", "acme");
    Dist wheel = dists.wheel("Foo.Bar", "1.0").padding(100_000).build();
    PublishedFile pf = g.publish("acme", wheel);

    HttpResponse<byte[]> r =
        http.bytes(
            g.url() + "api/packages/acme/pypi/files/FOO_bar/1.0/" + wheel.filename(),
            AUTH,
            "token tok");

    assertThat(g.url()).endsWith("/gitea/");
    assertThat(pf.downloadUrl())
        .isEqualTo(g.url() + "api/packages/acme/pypi/files/foo-bar/1.0/" + wheel.filename());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Files.readAllBytes(wheel.path()));
    assertThat(r.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"" + wheel.filename() + "\"");
    assertThat(
            http.get(g.url() + "api/packages/acme/pypi/files/foo-bar/1.0/" + wheel.filename())
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void repositoryIsShownWithArchivedFlagUnlessHidden() throws IOException {
    FakeGitea g = start(FakeGitea.builder());
    g.owner("acme", false).token("tok", "acme").token("other", "acme").repo("acme", "tools", false);
    g.publish("acme", dists.wheel("foo", "1.0").build());
    g.link("acme", "foo", "tools")
        .archive("acme", "tools", true)
        .hideRepositoryFrom("other", "acme", "tools");

    JsonNode seen =
        json(http.get(g.url() + "api/v1/packages/acme/pypi/foo/1.0", AUTH, "token tok"));
    JsonNode hidden =
        json(http.get(g.url() + "api/v1/packages/acme/pypi/foo/1.0", AUTH, "token other"));

    assertThat(seen.get("repository").get("archived").asBoolean()).isTrue();
    assertThat(seen.get("repository").get("full_name").asText()).isEqualTo("acme/tools");
    assertThat(hidden.get("repository").isNull()).isTrue();
    assertThat(http.get(g.url() + "api/v1/repos/acme/tools", AUTH, "token other").statusCode())
        .isEqualTo(404);
  }

  @Test
  void secondFileJoinsVersionWithoutMovingItAndDuplicateNameIsRefused() throws IOException {
    FakeGitea g = start(FakeGitea.builder());
    g.owner("acme", false).token("tok");
    Dist sdist = dists.sdist("foo", "1.0").build();
    g.publish("acme", sdist);
    g.publish("acme", dists.wheel("bar", "1.0").build());
    g.publish("acme", dists.wheel("foo", "1.0").build());

    JsonNode list = json(http.get(g.url() + "api/v1/packages/acme", AUTH, "token tok"));

    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("bar");
    assertThatThrownBy(() -> g.publish("acme", sdist)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void faultsFailDropCorruptAndAreCounted() throws Exception {
    FakeGitea g = start(FakeGitea.builder());
    g.owner("acme", false).token("tok");
    Dist wheel = dists.wheel("foo", "1.0").padding(50_000).build();
    String file = g.publish("acme", wheel).downloadUrl();
    g.faults()
        .failNextWithRetryAfter("^/api/v1/packages/acme$", 503, 2, 7)
        .corruptNextDownload("/files/")
        .delayNext("/version", Duration.ofMillis(10));

    HttpResponse<String> first = http.get(g.url() + "api/v1/packages/acme", AUTH, "token tok");
    HttpResponse<String> second = http.get(g.url() + "api/v1/packages/acme", AUTH, "token tok");
    HttpResponse<String> third = http.get(g.url() + "api/v1/packages/acme", AUTH, "token tok");
    byte[] corrupt = http.bytes(file).body();
    byte[] clean = http.bytes(file).body();
    g.faults().dropConnectionMidBody("/files/", 1);
    HttpRequest req = HttpRequest.newBuilder(URI.create(file)).build();

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).contains("7");
    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(corrupt).hasSize((int) wheel.size()).isNotEqualTo(Files.readAllBytes(wheel.path()));
    assertThat(clean).isEqualTo(Files.readAllBytes(wheel.path()));
    assertThatThrownBy(() -> http.sendChecked(req, HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(IOException.class);
    assertThat(http.get(g.url() + "api/v1/version").statusCode()).isEqualTo(200);
    assertThat(g.requestCount("GET", "^/api/v1/packages/acme$")).isEqualTo(3);
    assertThat(g.requestCount("get", "/files/")).isEqualTo(3);
    RecordedRequest recorded = g.requests().get(0);
    assertThat(recorded.header("authorization")).contains("token tok");
    assertThat(recorded.toString()).doesNotContain("tok}").contains("****");
    g.resetCounters();
    assertThat(g.requests()).isEmpty();
  }
}
