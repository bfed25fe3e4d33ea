package io.github.devpigiteasync.gitea;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.devpigiteasync.gitea.OpenApiContract.Call;
import io.github.devpigiteasync.gitea.OpenApiContract.Source;
import io.github.devpigiteasync.gitea.OpenApiContract.Spec;
import io.github.devpigiteasync.gitea.internal.GiteaJson;
import io.github.devpigiteasync.gitea.model.ApiSettings;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.GiteaVersion;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.gitea.model.Repository;
import io.github.devpigiteasync.gitea.model.ServerInfo;
import io.github.devpigiteasync.gitea.model.ServerKind;
import io.github.devpigiteasync.gitea.model.User;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks the client against every Gitea and Forgejo OpenAPI document kept under {@code
 * src/test/resources/openapi/} (a listed document that is missing fails) and, when {@code
 * GITEA_URL} is set, against that instance's {@code /swagger.v1.json}.
 *
 * <p>What "the client uses" is taken from the client itself: each public method below is run
 * against WireMock, with {@code /api/v1/version} answering the document's version, and the requests
 * it actually made (path and query names) are looked up in the document (Forgejo documents are run
 * with {@code /api/forgejo/v1/version} answering 200, so the client takes its Gitea 1.23 path); the
 * response fields are those Jackson binds in {@code GiteaJson}'s wire DTOs (names and aliases),
 * followed into nested DTOs. So the version switches of the client (e.g. the per-package versions
 * endpoint from 1.24) are exercised per document. Then a payload generated from the document's own
 * definitions is parsed by the client, which pins {@code Size} (before 1.24) vs {@code size}
 * (1.24+).
 */
class OpenApiContractTest {
  @RegisterExtension static WireMockExtension wm = TestSupport.newWireMock();

  // Every public method of GiteaClient, PackagesService and ReposService that calls /api/v1, with
  // arguments that make it send every query parameter it can. everyPublicMethodIsCheckedOrExempt
  // fails when a method is added there without being listed here or below.
  private static final Map<String, Consumer<GiteaClient>> USAGES = usages();

  // Public methods that send no request.
  private static final Set<String> NO_REQUEST =
      Set.of(
          "GiteaClient.builder",
          "GiteaClient.newBuilder",
          "GiteaClient.packages",
          "GiteaClient.repos",
          "GiteaClient.baseUrl",
          "GiteaClient.toString");

  // Public methods that only call the PyPI registry (/api/packages/{owner}/pypi/...), which the
  // Swagger documents do not describe; PackagesServiceFilesTest and DownloadTest cover them.
  private static final Set<String> REGISTRY_ONLY =
      Set.of("PackagesService.pypiSimple", "PackagesService.download", "PackagesService.open");

  private static final OffsetDateTime SAMPLE_TIME =
      OffsetDateTime.of(2025, 5, 13, 10, 15, 30, 0, ZoneOffset.ofHours(2));

  private final ObjectMapper specReader = new ObjectMapper();
  private final GiteaJson json = new GiteaJson();

  private static Map<String, Consumer<GiteaClient>> usages() {
    Map<String, Consumer<GiteaClient>> u = new LinkedHashMap<>();
    u.put("GiteaClient.version", GiteaClient::version);
    // a fresh client: the shared one has cached the version by now
    u.put("GiteaClient.server", c -> c.newBuilder().build().server());
    u.put("GiteaClient.apiSettings", GiteaClient::apiSettings);
    u.put(
        "PackagesService.list", c -> c.packages().list("acme", PackageQuery.pypi("foo")).toList());
    u.put("PackagesService.versions", c -> c.packages().versions("acme", "pypi", "foo").toList());
    u.put("PackagesService.files", c -> c.packages().files("acme", "pypi", "foo", "1.0"));
    u.put("ReposService.get", c -> c.repos().get("acme", "foo"));
    u.put("ReposService.find", c -> c.repos().find("acme", "foo"));
    return Collections.unmodifiableMap(u);
  }

  @TestFactory
  Stream<DynamicNode> clientUsesOnlyWhatEachGiteaVersionDocuments() {
    return OpenApiContract.sources(System.getenv()).stream().map(this::checksFor);
  }

  private DynamicContainer checksFor(Source source) {
    Spec spec;
    try {
      spec = load(source);
    } catch (IOException | RuntimeException e) {
      return dynamicContainer(
          source.label(),
          Stream.of(
              dynamicTest(
                  "read " + source.label(),
                  () -> fail("cannot read " + source.label() + ": " + e, e))));
    }
    OpenApiContract contract = contract(spec);
    ServerKind kind;
    try {
      kind = kindOf(source);
    } catch (RuntimeException e) {
      return dynamicContainer(
          source.label(),
          Stream.of(
              dynamicTest(
                  "detect the server at " + source.label(),
                  () -> fail("cannot detect " + source.label() + ": " + e, e))));
    }
    ServerInfo server = new ServerInfo(kind, new GiteaVersion(spec.version()));
    boolean from124 = server.packageApiAtLeast(1, 24);
    List<DynamicTest> tests = new ArrayList<>();
    recordRequests(server)
        .forEach(
            (usage, calls) -> {
              for (Call call : calls) {
                String name =
                    usage
                        + ": "
                        + call.method()
                        + " "
                        + contract.template(call).orElse("/" + String.join("/", call.segments()))
                        + (call.queryNames().isEmpty()
                            ? ""
                            : " ?" + String.join("&", new TreeSet<>(call.queryNames())));
                tests.add(
                    dynamicTest(
                        name,
                        () ->
                            assertThat(contract.problems(call))
                                .as(source.label() + ": " + name)
                                .isEmpty()));
              }
            });
    tests.add(
        dynamicTest(
            "per-package versions endpoint exists exactly from 1.24, where the client uses it",
            () -> assertThat(spec.hasGet("/packages/{owner}/{type}/{name}")).isEqualTo(from124)));
    if (kind == ServerKind.FORGEJO) {
      tests.add(
          dynamicTest(
              "Forgejo has no versions list, no /-/latest and no whole-package DELETE",
              () -> {
                JsonNode paths = spec.root().path("paths");
                assertThat(paths.has("/packages/{owner}/{type}/{name}")).isFalse();
                assertThat(paths.has("/packages/{owner}/{type}/{name}/-/latest")).isFalse();
                assertThat(spec.root().path("info").path("title").asText()).contains("Forgejo");
              }));
    }
    tests.add(
        dynamicTest(
            "PackageFile names its size " + (from124 ? "'size'" : "'Size'"),
            () -> {
              JsonNode properties =
                  spec.root().path("definitions").path("PackageFile").path("properties");
              assertThat(properties.has("size")).as("size").isEqualTo(from124);
              assertThat(properties.has("Size")).as("Size").isEqualTo(!from124);
            }));
    tests.add(
        dynamicTest(
            "client reads a PackageFile shaped by this document",
            () -> {
              List<PackageFile> files = json.readFiles(array(contract.sample("PackageFile")));

              assertThat(files)
                  .containsExactly(
                      new PackageFile(
                          4242, "x-name", 4242, "x-md5", "x-sha1", "x-sha256", "x-sha512"));
            }));
    tests.add(
        dynamicTest(
            "client reads a Package shaped by this document",
            () -> {
              List<GiteaPackage> packages = json.readPackages(array(contract.sample("Package")));

              Repository repository =
                  new Repository(
                      4242, "x-name", "x-full_name", true, true, Optional.of("x-html_url"));
              assertThat(packages)
                  .containsExactly(
                      new GiteaPackage(
                          4242,
                          new User(4242, "x-login"),
                          Optional.of(repository),
                          Optional.of(new User(4242, "x-login")),
                          "x-type",
                          "x-name",
                          "x-version",
                          Optional.of("x-html_url"),
                          Optional.of(SAMPLE_TIME)));
            }));
    tests.add(
        dynamicTest(
            "client reads ServerVersion and GeneralAPISettings shaped by this document",
            () -> {
              assertThat(json.readVersion(stream(contract.sample("ServerVersion"))).raw())
                  .isEqualTo("x-version");
              assertThat(json.readApiSettings(stream(contract.sample("GeneralAPISettings"))))
                  .isEqualTo(new ApiSettings(4242, 4242));
            }));
    return dynamicContainer(
        source.label() + " (" + kind.displayName() + " " + spec.version() + ")", tests.stream());
  }

  /** A bundled document by its file name; a live instance by asking it. */
  private static ServerKind kindOf(Source source) {
    HttpUrl url = source.url();
    if (url == null) {
      return source.label().startsWith("forgejo-") ? ServerKind.FORGEJO : ServerKind.GITEA;
    }
    return GiteaClient.builder()
        .baseUrl(url.resolve("."))
        .retryPolicy(RetryPolicy.none())
        .build()
        .server()
        .kind();
  }

  private OpenApiContract contract(Spec spec) {
    return new OpenApiContract(
        spec, json.mapper(), OpenApiContract.wireTypesByDefinition(GiteaJson.wireTypes()));
  }

  private Spec load(Source source) throws IOException {
    String resource = source.resource();
    if (resource != null) {
      try (InputStream in = OpenApiContractTest.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(
              resource + " is missing from the test resources (see openapi/README.md)");
        }
        return new Spec(source.label(), specReader.readTree(in));
      }
    }
    HttpUrl url = Objects.requireNonNull(source.url(), "url");
    try (Response response =
        new OkHttpClient().newCall(new Request.Builder().url(url).build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("HTTP " + response.code() + " (is [api] ENABLE_SWAGGER=false?)");
      }
      return new Spec(source.label(), specReader.readTree(response.body().byteStream()));
    }
  }

  /** Runs every usage against WireMock posing as {@code server}; the /api/v1 calls each made. */
  private Map<String, List<Call>> recordRequests(ServerInfo server) {
    String version = server.version().raw();
    wm.resetAll();
    wm.stubFor(
        get(urlPathMatching("/api/v1/.*"))
            .willReturn(okJson("[]").withHeader("X-Total-Count", "0")));
    wm.stubFor(
        get(urlPathMatching("/api/v1/repos/[^/]+/[^/]+"))
            .willReturn(okJson("{\"id\":1,\"name\":\"foo\",\"full_name\":\"acme/foo\"}")));
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/version"))
            .willReturn(okJson(specReader.createObjectNode().put("version", version).toString())));
    if (server.kind() == ServerKind.FORGEJO) {
      wm.stubFor(
          get(urlPathEqualTo("/api/forgejo/v1/version"))
              .willReturn(
                  okJson(specReader.createObjectNode().put("version", version).toString())));
    }
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/settings/api"))
            .willReturn(okJson("{\"max_response_items\":50,\"default_paging_num\":30}")));
    GiteaClient client =
        GiteaClient.builder()
            .baseUrl(wm.baseUrl())
            .token(TestSupport.TOKEN)
            .retryPolicy(RetryPolicy.none())
            .build();
    Map<String, List<Call>> out = new LinkedHashMap<>();
    USAGES.forEach(
        (name, usage) -> {
          wm.resetRequests();
          usage.accept(client);
          List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
          Collections.reverse(events);
          List<Call> calls =
              events.stream()
                  .map(
                      e ->
                          Call.of(
                              e.getRequest().getMethod().getName(),
                              Objects.requireNonNull(
                                  HttpUrl.parse(e.getRequest().getAbsoluteUrl()))))
                  .flatMap(Optional::stream)
                  .distinct()
                  .toList();
          out.put(name, calls);
        });
    return out;
  }

  @Test
  void everyPublicMethodIsCheckedOrExempt() {
    Set<String> publicMethods =
        Stream.of(GiteaClient.class, PackagesService.class, ReposService.class)
            .flatMap(
                c ->
                    Arrays.stream(c.getDeclaredMethods())
                        .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                        .map(Method::getName)
                        .map(m -> c.getSimpleName() + "." + m))
            .collect(Collectors.toCollection(TreeSet::new));

    Set<String> accounted = new TreeSet<>(USAGES.keySet());
    accounted.addAll(NO_REQUEST);
    accounted.addAll(REGISTRY_ONLY);
    assertThat(publicMethods).isEqualTo(accounted);
  }

  @Test
  void everyWireTypeReadsADefinitionOfTheDocuments() {
    Set<String> wireTypes =
        GiteaJson.wireTypes().stream()
            .map(Class::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(wireTypes).isEqualTo(new TreeSet<>(OpenApiContract.DTO_FOR_DEFINITION.values()));
  }

  @Test
  void everyUsageReachesApiV1OnBothSidesOfThe124Switch() {
    Map<String, List<Call>> on123 = recordRequests(gitea("1.23.8"));
    Map<String, List<Call>> on124 = recordRequests(gitea("1.24.7"));

    assertThat(on123.values()).allSatisfy(calls -> assertThat(calls).isNotEmpty());
    assertThat(on123.get("PackagesService.versions"))
        .extracting(Call::segments)
        .containsExactly(List.of("packages", "acme"));
    assertThat(on123.get("PackagesService.versions"))
        .extracting(Call::queryNames)
        .containsExactly(Set.of("type", "q", "page", "limit"));
    assertThat(on124.get("PackagesService.versions"))
        .extracting(Call::segments)
        .containsExactly(List.of("packages", "acme", "pypi", "foo"));
    assertThat(on124.get("PackagesService.versions"))
        .extracting(Call::queryNames)
        .containsExactly(Set.of("page", "limit"));
  }

  @Test
  void onForgejoEveryVersionListsThroughTheSearchWhateverItsVersionSays() {
    for (String version : List.of("15.0.3", "15.0.3+gitea-1.22.0", "7.0.16+gitea-1.21.11")) {
      Map<String, List<Call>> calls =
          recordRequests(new ServerInfo(ServerKind.FORGEJO, new GiteaVersion(version)));

      assertThat(calls.get("PackagesService.versions"))
          .as(version)
          .extracting(Call::segments)
          .containsExactly(List.of("packages", "acme"));
      assertThat(calls.values())
          .as(version + ": only GET")
          .allSatisfy(list -> assertThat(list).extracting(Call::method).containsOnly("GET"));
    }
  }

  private static ServerInfo gitea(String version) {
    return new ServerInfo(ServerKind.GITEA, new GiteaVersion(version));
  }

  @Test
  void liveInstanceDocumentIsReadFromSwaggerV1JsonUnderTheSubPath() throws Throwable {
    String doc124;
    try (InputStream in =
        Objects.requireNonNull(
            OpenApiContractTest.class.getResourceAsStream("/openapi/gitea-1.24.json"))) {
      doc124 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    wm.stubFor(get(urlPathEqualTo("/gitea/swagger.v1.json")).willReturn(okJson(doc124)));
    wm.stubFor(
        get(urlPathEqualTo("/gitea/api/v1/version"))
            .willReturn(okJson("{\"version\":\"1.24.7\"}")));
    Source live = liveSource(wm.baseUrl() + "/gitea/");

    DynamicContainer checks = checksFor(live);

    assertThat(checks.getDisplayName())
        .isEqualTo("GITEA_URL " + wm.baseUrl() + "/gitea/swagger.v1.json (Gitea 1.24.7)");
    List<DynamicTest> tests = checks.getChildren().map(DynamicTest.class::cast).toList();
    assertThat(tests)
        .extracting(DynamicTest::getDisplayName)
        .contains("PackagesService.versions: GET /packages/{owner}/{type}/{name} ?limit&page");
    for (DynamicTest t : tests) {
      t.getExecutable().execute();
    }
  }

  @Test
  void unreachableLiveDocumentIsAFailingCheckNotASkip() {
    wm.stubFor(get(urlPathEqualTo("/swagger.v1.json")).willReturn(aResponse().withStatus(404)));
    Source live = liveSource(wm.baseUrl());

    DynamicContainer checks = checksFor(live);

    List<DynamicTest> tests = checks.getChildren().map(DynamicTest.class::cast).toList();
    assertThat(tests)
        .singleElement()
        .satisfies(
            t ->
                assertThatThrownBy(() -> t.getExecutable().execute())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("HTTP 404"));
  }

  // --- the checker itself must be able to fail -------------------------------------------------

  private static final String MINI_123 =
      """
      {"swagger": "2.0", "info": {"version": "1.23.8"},
       "paths": {
         "/packages/{owner}": {"get": {"operationId": "listPackages",
           "parameters": [{"name": "owner", "in": "path"}, {"name": "page", "in": "query"},
                          {"name": "limit", "in": "query"}, {"name": "type", "in": "query"},
                          {"name": "q", "in": "query"}],
           "responses": {"200": {"$ref": "#/responses/PackageList"}}}},
         "/packages/{owner}/{type}/{name}/{version}/files": {"get": {"operationId": "listPackageFiles",
           "parameters": [{"name": "owner", "in": "path"}, {"name": "type", "in": "path"},
                          {"name": "name", "in": "path"}, {"name": "version", "in": "path"}],
           "responses": {"200": {"$ref": "#/responses/PackageFileList"}}}}},
       "responses": {
         "PackageList": {"schema": {"type": "array", "items": {"$ref": "#/definitions/Package"}}},
         "PackageFileList": {"schema": {"type": "array", "items": {"$ref": "#/definitions/PackageFile"}}}},
       "definitions": {
         "Package": {"properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                    "owner": {"$ref": "#/definitions/User"}}},
         "User": {"properties": {"id": {"type": "integer"}, "login": {"type": "string"}}},
         "PackageFile": {"properties": {"id": {"type": "integer"}, "Size": {"type": "integer"}}}}}
      """;

  record MiniUser(long id, String login) {}

  record MiniPackage(long id, String name, MiniUser owner) {}

  record MadeUpPackage(long id, String name, @JsonProperty("download_count") long downloadCount) {}

  record MadeUpUser(long id, @JsonProperty("made_up_login") String login) {}

  record PackageWithMadeUpUser(long id, MadeUpUser owner) {}

  record LowerSizeOnly(long id, long size) {}

  record BothSizes(long id, @JsonProperty("size") @JsonAlias("Size") long size) {}

  private OpenApiContract mini(Map<String, Class<?>> dtos) throws IOException {
    return new OpenApiContract(
        new Spec("mini-1.23.json", specReader.readTree(MINI_123)), json.mapper(), dtos);
  }

  private static Call call(String url) {
    return Call.of("GET", Objects.requireNonNull(HttpUrl.parse("http://h" + url))).orElseThrow();
  }

  @Test
  void documentedRequestAndFieldsHaveNoProblems() throws IOException {
    OpenApiContract contract = mini(Map.of("Package", MiniPackage.class, "User", MiniUser.class));

    List<String> problems =
        contract.problems(call("/api/v1/packages/acme?type=pypi&q=foo&page=1&limit=50"));

    assertThat(problems).isEmpty();
  }

  @Test
  void madeUpResponseFieldIsReportedMissing() throws IOException {
    OpenApiContract contract = mini(Map.of("Package", MadeUpPackage.class));

    List<String> problems = contract.problems(call("/api/v1/packages/acme?page=1"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains(
            "Package has no property download_count", "mini-1.23.json (1.23.8)", "MadeUpPackage");
  }

  @Test
  void madeUpFieldOfANestedObjectIsReportedWithItsPath() throws IOException {
    OpenApiContract contract =
        mini(Map.of("Package", PackageWithMadeUpUser.class, "User", MadeUpUser.class));

    List<String> problems = contract.problems(call("/api/v1/packages/acme"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("Package.owner has no property made_up_login");
  }

  @Test
  void madeUpQueryParameterIsReportedMissing() throws IOException {
    OpenApiContract contract = mini(Map.of("Package", MiniPackage.class, "User", MiniUser.class));

    List<String> problems = contract.problems(call("/api/v1/packages/acme?type=pypi&sort=name"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("GET /packages/{owner} has no query parameter 'sort'");
  }

  @Test
  void endpointMissingFromTheDocumentIsReported() throws IOException {
    OpenApiContract contract = mini(Map.of("Package", MiniPackage.class, "User", MiniUser.class));

    List<String> problems =
        contract.problems(call("/api/v1/packages/acme/pypi/foo?page=1&limit=50"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains(
            "no operation for GET /packages/acme/pypi/foo?limit&page in mini-1.23.json (1.23.8)");
  }

  @Test
  void lowerCaseSizeAloneFailsAgainstADocumentWithCapitalSizeButTheAliasPasses()
      throws IOException {
    OpenApiContract lowerOnly = mini(Map.of("PackageFile", LowerSizeOnly.class));
    OpenApiContract both = mini(Map.of("PackageFile", BothSizes.class));
    Call files = call("/api/v1/packages/acme/pypi/foo/1.0/files");

    List<String> lowerOnlyProblems = lowerOnly.problems(files);
    List<String> bothProblems = both.problems(files);

    assertThat(lowerOnlyProblems)
        .singleElement()
        .asString()
        .contains("PackageFile has no property size ");
    assertThat(bothProblems).isEmpty();
  }

  @Test
  void responseWithoutAMappedDtoIsReported() throws IOException {
    OpenApiContract contract = mini(Map.of("User", MiniUser.class));

    List<String> problems = contract.problems(call("/api/v1/packages/acme"));

    assertThat(problems)
        .singleElement()
        .asString()
        .contains("answers Package, which no client DTO is mapped to");
  }

  private static Source liveSource(String url) {
    List<Source> sources = OpenApiContract.sources(Map.of("GITEA_URL", url));
    return sources.get(sources.size() - 1);
  }

  @Test
  void everyBundledDocumentIsASourceAndGiteaUrlAddsTheLiveDocument() {
    List<Source> sources =
        OpenApiContract.sources(Map.of("GITEA_URL", "https://git.example.org/gitea"));

    assertThat(sources)
        .extracting(Source::label)
        .containsExactly(
            "gitea-1.23.json",
            "gitea-1.24.json",
            "gitea-1.25.json",
            "gitea-1.26.json",
            "gitea-1.27.0-rc0.json",
            "gitea-latest.json",
            "forgejo-11.0.15.json",
            "forgejo-15.0.3.json",
            "GITEA_URL https://git.example.org/gitea/swagger.v1.json");
  }

  @Test
  void aListedDocumentMissingFromTheResourcesIsAFailingCheck() {
    DynamicContainer checks =
        checksFor(new Source("gitea-0.1.json", "/openapi/gitea-0.1.json", null));

    List<DynamicTest> tests = checks.getChildren().map(DynamicTest.class::cast).toList();
    assertThat(tests)
        .singleElement()
        .satisfies(
            t ->
                assertThatThrownBy(() -> t.getExecutable().execute())
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("/openapi/gitea-0.1.json is missing"));
  }

  private static InputStream array(JsonNode element) {
    return new ByteArrayInputStream(("[" + element + "]").getBytes(StandardCharsets.UTF_8));
  }

  private static InputStream stream(JsonNode node) {
    return new ByteArrayInputStream(node.toString().getBytes(StandardCharsets.UTF_8));
  }
}
