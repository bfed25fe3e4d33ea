package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Groups recorded simulator requests by endpoint, with path parameters replaced by their names. */
final class Endpoints {
  private record Rule(Pattern pattern, String label) {}

  private static final List<Rule> GITEA =
      List.of(
          rule("GET /api/v1/version", "GET /api/v1/version"),
          rule("GET /api/v1/settings/api", "GET /api/v1/settings/api"),
          rule("GET /api/v1/packages/[^/]+", "GET /api/v1/packages/{org}?type=pypi (listing page)"),
          rule(
              "GET /api/v1/packages/[^/]+/pypi/[^/]+/[^/]+/files",
              "GET /api/v1/packages/{org}/pypi/{name}/{version}/files"),
          rule(
              "GET /api/v1/packages/[^/]+/pypi/[^/]+",
              "GET /api/v1/packages/{org}/pypi/{name} (versions)"),
          rule(
              "GET /api/packages/[^/]+/pypi/simple/[^/]+/?",
              "GET /api/packages/{org}/pypi/simple/{name}/"),
          rule(
              "GET /api/packages/[^/]+/pypi/files/.*",
              "GET /api/packages/{org}/pypi/files/... (download)"),
          rule("GET /api/v1/repos/.*", "GET /api/v1/repos/..."));

  private static final List<Rule> DEVPI =
      List.of(
          rule("POST /\\+login", "POST /+login"),
          rule("GET /\\+api", "GET /+api"),
          rule("GET /[^/+][^/]*/[^/]+/?", "GET /{user}/{index}?no_projects (index check)"),
          rule("POST /[^/+][^/]*/[^/]+/", "POST /{user}/{index}/ (upload)"),
          rule("GET /[^/+][^/]*/[^/]+/[^/]+/?", "GET /{user}/{index}/{project}?ignore_bases"),
          rule("GET /[^/+][^/]*/[^/]+/[^/]+/[^/]+/?", "GET /{user}/{index}/{project}/{version}"));

  private Endpoints() {}

  private static Rule rule(String regex, String label) {
    return new Rule(Pattern.compile(regex), label);
  }

  /** Request counts per Gitea endpoint. */
  static Map<String, Integer> gitea(List<RecordedRequest> requests) {
    return count(requests, GITEA);
  }

  /** Request counts per devpi endpoint. */
  static Map<String, Integer> devpi(List<RecordedRequest> requests) {
    return count(requests, DEVPI);
  }

  private static Map<String, Integer> count(List<RecordedRequest> requests, List<Rule> rules) {
    Map<String, Integer> counts = new TreeMap<>();
    for (RecordedRequest r : requests) {
      counts.merge(label(r, rules), 1, Integer::sum);
    }
    return counts;
  }

  private static String label(RecordedRequest r, List<Rule> rules) {
    String key = r.method() + " " + r.path();
    for (Rule rule : rules) {
      if (rule.pattern().matcher(key).matches()) {
        return rule.label();
      }
    }
    return key + (r.query().isEmpty() ? "" : "?" + r.query());
  }
}
