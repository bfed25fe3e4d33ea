package io.github.devpigiteasync.gitea;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Checks what the client sends and reads against one of Gitea's Swagger 2.0 documents: the
 * operation for a recorded request (method and path template), its declared query parameters, and
 * every JSON property the client's wire DTOs read from the response, recursively.
 */
final class OpenApiContract {
  /** Swagger definition name, and the simple name of the {@code GiteaJson} DTO that reads it. */
  static final Map<String, String> DTO_FOR_DEFINITION =
      Map.of(
          "Package", "PackageDto",
          "PackageFile", "PackageFileDto",
          "User", "UserDto",
          "Repository", "RepositoryDto",
          "ServerVersion", "VersionDto",
          "GeneralAPISettings", "ApiSettingsDto");

  /** The documents under {@code src/test/resources/openapi/}; see the README there. */
  static final List<String> DOCUMENTS =
      List.of(
          "gitea-1.23.json",
          "gitea-1.24.json",
          "gitea-1.25.json",
          "gitea-1.26.json",
          "gitea-1.27.0-rc0.json",
          "gitea-latest.json",
          "forgejo-11.0.15.json",
          "forgejo-15.0.3.json");

  static final String URL_ENV = "GITEA_URL";

  /** One Swagger document; {@code label} names where it came from. */
  record Spec(String label, JsonNode root) {
    Spec {
      Objects.requireNonNull(label, "label == null");
      Objects.requireNonNull(root, "root == null");
    }

    String version() {
      return root.path("info").path("version").asText("");
    }

    boolean hasGet(String template) {
      return root.path("paths").path(template).has("get");
    }
  }

  /**
   * A request the client made, relative to {@code /api/v1}: decoded path segments and query names.
   */
  record Call(String method, List<String> segments, Set<String> queryNames) {
    Call {
      segments = List.copyOf(segments);
      queryNames = Set.copyOf(queryNames);
    }

    /** Empty unless the URL is below {@code /api/v1/}. */
    static Optional<Call> of(String method, HttpUrl url) {
      List<String> segs = url.pathSegments();
      for (int i = 0; i + 1 < segs.size(); i++) {
        if (segs.get(i).equals("api") && segs.get(i + 1).equals("v1")) {
          return Optional.of(
              new Call(method, segs.subList(i + 2, segs.size()), url.queryParameterNames()));
        }
      }
      return Optional.empty();
    }

    String describe() {
      String query = queryNames.isEmpty() ? "" : "?" + String.join("&", new TreeSet<>(queryNames));
      return method + " /" + String.join("/", segments) + query;
    }
  }

  /**
   * Where a document comes from: a classpath resource under {@code /openapi/}, or a live instance's
   * {@code /swagger.v1.json}.
   */
  record Source(String label, @Nullable String resource, @Nullable HttpUrl url) {}

  private final Spec spec;
  private final ObjectMapper mapper;
  private final Map<String, Class<?>> dtos;

  OpenApiContract(Spec spec, ObjectMapper mapper, Map<String, Class<?>> dtoForDefinition) {
    this.spec = Objects.requireNonNull(spec, "spec == null");
    this.mapper = Objects.requireNonNull(mapper, "mapper == null");
    this.dtos = Map.copyOf(dtoForDefinition);
  }

  /** The DTOs of {@code GiteaJson.wireTypes()} keyed by the definition they read. */
  static Map<String, Class<?>> wireTypesByDefinition(List<Class<?>> wireTypes) {
    Map<String, Class<?>> bySimpleName = new LinkedHashMap<>();
    for (Class<?> c : wireTypes) {
      bySimpleName.put(c.getSimpleName(), c);
    }
    Map<String, Class<?>> out = new LinkedHashMap<>();
    DTO_FOR_DEFINITION.forEach(
        (definition, dto) ->
            out.put(
                definition, Objects.requireNonNull(bySimpleName.get(dto), "no wire type " + dto)));
    return out;
  }

  /**
   * The document sources: every document of {@link #DOCUMENTS}, plus the instance at {@code
   * GITEA_URL} (Gitea or Forgejo) when set.
   */
  static List<Source> sources(Map<String, String> env) {
    List<Source> out = new ArrayList<>();
    for (String name : DOCUMENTS) {
      out.add(new Source(name, "/openapi/" + name, null));
    }
    String live = env.get(URL_ENV);
    if (live != null && !live.isBlank()) {
      HttpUrl swagger =
          GiteaClient.builder().baseUrl(live).build().baseUrl().resolve("swagger.v1.json");
      out.add(new Source("GITEA_URL " + swagger, null, swagger));
    }
    return List.copyOf(out);
  }

  /** The path template of the operation that serves {@code call}, preferring literal matches. */
  Optional<String> template(Call call) {
    String method = call.method().toLowerCase(Locale.ROOT);
    String best = null;
    int bestLiterals = -1;
    Iterator<Map.Entry<String, JsonNode>> paths = spec.root().path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> e = paths.next();
      if (!e.getValue().has(method)) {
        continue;
      }
      List<String> parts = List.of(e.getKey().replaceFirst("^/", "").split("/", -1));
      if (parts.size() != call.segments().size()) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < parts.size() && matches; i++) {
        String part = parts.get(i);
        if (part.startsWith("{") && part.endsWith("}")) {
          continue;
        }
        matches = part.equals(call.segments().get(i));
        literals++;
      }
      if (matches && literals > bestLiterals) {
        best = e.getKey();
        bestLiterals = literals;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Everything about {@code call} that the document does not describe; empty if all is there. */
  List<String> problems(Call call) {
    List<String> problems = new ArrayList<>();
    Optional<String> template = template(call);
    if (template.isEmpty()) {
      problems.add("no operation for " + call.describe() + " in " + where());
      return problems;
    }
    JsonNode pathItem = spec.root().path("paths").path(template.get());
    JsonNode operation = pathItem.path(call.method().toLowerCase(Locale.ROOT));
    Set<String> declared = new TreeSet<>();
    for (JsonNode params : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
      for (JsonNode p : params) {
        if ("query".equals(p.path("in").asText())) {
          declared.add(p.path("name").asText());
        }
      }
    }
    for (String q : call.queryNames()) {
      if (!declared.contains(q)) {
        problems.add(
            call.method()
                + " "
                + template.get()
                + " has no query parameter '"
                + q
                + "' in "
                + where()
                + " (declared: "
                + declared
                + ")");
      }
    }
    JsonNode ok = operation.path("responses").path("200");
    Optional<String> definition = definitionOf(ok);
    if (definition.isEmpty()) {
      problems.add(
          call.method() + " " + template.get() + " has no 200 response schema in " + where());
      return problems;
    }
    Class<?> dto = dtos.get(definition.get());
    if (dto == null) {
      problems.add(
          call.method()
              + " "
              + template.get()
              + " answers "
              + definition.get()
              + ", which no client DTO is mapped to; extend OpenApiContract.DTO_FOR_DEFINITION");
      return problems;
    }
    problems.addAll(fieldProblems(definition.get(), dto));
    return problems;
  }

  /** The properties {@code dto} reads that {@code definition} lacks, following nested DTOs. */
  List<String> fieldProblems(String definition, Class<?> dto) {
    List<String> problems = new ArrayList<>();
    fieldProblems(definition, dto, definition, problems, new LinkedHashSet<>());
    return problems;
  }

  private void fieldProblems(
      String definition, Class<?> dto, String trail, List<String> problems, Set<String> visiting) {
    if (!visiting.add(definition)) {
      return;
    }
    JsonNode properties = spec.root().path("definitions").path(definition).path("properties");
    if (properties.isMissingNode()) {
      problems.add("no definition " + definition + " in " + where());
      return;
    }
    for (ClientProperty p : clientProperties(dto)) {
      String found = null;
      for (String name : p.names()) {
        if (properties.has(name)) {
          found = name;
          break;
        }
      }
      if (found == null) {
        problems.add(
            trail
                + " has no property "
                + String.join(" or ", p.names())
                + " in "
                + where()
                + " (the client reads it into "
                + dto.getSimpleName()
                + ")");
        continue;
      }
      if (dtos.containsValue(p.type())) {
        Optional<String> nested = definitionOf(properties.path(found));
        if (nested.isEmpty() || dtos.get(nested.get()) != p.type()) {
          problems.add(
              trail
                  + "."
                  + found
                  + " is "
                  + nested.orElse("not a $ref")
                  + " in "
                  + where()
                  + " but the client reads it as "
                  + p.type().getSimpleName());
        } else {
          fieldProblems(nested.get(), p.type(), trail + "." + found, problems, visiting);
        }
      }
    }
    visiting.remove(definition);
  }

  /** A property as Jackson will bind it: its name, any aliases, and its Java type. */
  record ClientProperty(List<String> names, Class<?> type) {}

  List<ClientProperty> clientProperties(Class<?> dto) {
    BeanDescription description =
        mapper.getDeserializationConfig().introspect(mapper.constructType(dto));
    List<ClientProperty> out = new ArrayList<>();
    for (BeanPropertyDefinition p : description.findProperties()) {
      if (!p.couldDeserialize()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      names.add(p.getName());
      for (PropertyName alias : p.findAliases()) {
        names.add(alias.getSimpleName());
      }
      out.add(new ClientProperty(List.copyOf(names), p.getRawPrimaryType()));
    }
    return out;
  }

  /** The definition a schema ends in, through {@code #/responses/...}, arrays and {@code $ref}s. */
  Optional<String> definitionOf(JsonNode schema) {
    for (int depth = 0; depth < 8 && schema != null && !schema.isMissingNode(); depth++) {
      String ref = schema.path("$ref").asText("");
      if (ref.startsWith("#/definitions/")) {
        return Optional.of(ref.substring("#/definitions/".length()));
      } else if (ref.startsWith("#/responses/")) {
        schema =
            spec.root()
                .path("responses")
                .path(ref.substring("#/responses/".length()))
                .path("schema");
      } else if (schema.has("schema")) {
        schema = schema.path("schema");
      } else if ("array".equals(schema.path("type").asText())) {
        schema = schema.path("items");
      } else {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * A JSON object with every property of {@code definition}: integers are 4242, booleans true,
   * date-times {@code 2025-05-13T10:15:30+02:00}, other strings {@code x-<property>}; nested
   * definitions are filled in up to three levels.
   */
  ObjectNode sample(String definition) {
    return sample(definition, 0);
  }

  private ObjectNode sample(String definition, int depth) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> properties =
        spec.root().path("definitions").path(definition).path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> e = properties.next();
      JsonNode schema = e.getValue();
      String ref = schema.path("$ref").asText("");
      if (ref.startsWith("#/definitions/")) {
        if (depth < 3) {
          out.set(e.getKey(), sample(ref.substring("#/definitions/".length()), depth + 1));
        }
        continue;
      }
      switch (schema.path("type").asText("")) {
        case "integer" -> out.put(e.getKey(), 4242);
        case "number" -> out.put(e.getKey(), 42.5);
        case "boolean" -> out.put(e.getKey(), true);
        case "array" -> out.putArray(e.getKey());
        case "object" -> out.putObject(e.getKey());
        case "string" ->
            out.put(
                e.getKey(),
                "date-time".equals(schema.path("format").asText())
                    ? "2025-05-13T10:15:30+02:00"
                    : "x-" + e.getKey());
        default -> {}
      }
    }
    return out;
  }

  private String where() {
    return spec.label() + " (" + spec.version() + ")";
  }
}
