package io.github.devpigiteasync.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.server.Fixtures.RecordingPass;
import io.github.devpigiteasync.sync.FileResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/** {@code GET /} through a started server, parsed with jsoup. */
class DashboardHandlerTest {
  private static final String EVIL = "<script>alert(1)</script>";

  private static RecordingPass cannedPass() {
    RecordingPass pass = new RecordingPass();
    pass.answer =
        m -> {
          if (m == Fixtures.WEB) {
            return Fixtures.ok(
                m,
                Fixtures.uploaded("example", "1.0", "example-1.0-py3-none-any.whl", 2048),
                Fixtures.skipped("example", "1.0", "example-1.0.zip", "file_types excludes sdist"),
                new FileResult(
                    "example",
                    "1.1",
                    "example-1.1.tar.gz",
                    FileResult.Outcome.CONFLICT,
                    "devpi has different bytes (sha256 abc…)",
                    0,
                    Duration.ZERO),
                Fixtures.skipped(
                    EVIL, "1.0", EVIL + "-1.0.tar.gz", "name " + EVIL + " \"quoted\" & 'single'"));
          }
          if (m == Fixtures.TOOLS) {
            return Fixtures.failed(m, "gitea said <b onmouseover=alert(2)>no</b>");
          }
          return Fixtures.ok(m);
        };
    return pass;
  }

  private static Document page(TestServer t) {
    HttpResponse<String> response = t.get("");
    assertThat(response.statusCode()).isEqualTo(200);
    return Jsoup.parse(response.body(), t.base.toString());
  }

  @Test
  void dashboardIsHtmlWithSecurityHeadersAndANoncedCsp() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      HttpResponse<String> response = t.get("");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("text/html; charset=utf-8");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
      String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp)
          .contains("default-src 'none'", "frame-ancestors 'none'", "connect-src 'self'");
      Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'").matcher(csp);
      assertThat(nonce.find()).isTrue();
      assertThat(csp).contains("style-src 'nonce-" + nonce.group(1) + "'");
      Document doc = Jsoup.parse(response.body());
      assertThat(doc.select("script")).hasSize(1);
      assertThat(doc.select("script").attr("nonce")).isEqualTo(nonce.group(1));
      assertThat(doc.select("style").attr("nonce")).isEqualTo(nonce.group(1));
      assertThat(doc.select("meta[name=viewport]")).hasSize(1);
    }
  }

  @Test
  void everyDashboardResponseGetsAFreshNonce() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      String first = page(t).select("script").attr("nonce");
      String second = page(t).select("script").attr("nonce");

      assertThat(first).isNotEmpty().isNotEqualTo(second);
    }
  }

  @Test
  void dashboardShowsOneRowPerMappingWithItsLastRun() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      Document doc = page(t);

      Elements rows = doc.select("#mappings tr.mapping");
      assertThat(rows.eachAttr("data-mapping")).containsExactly("web", "tools", "other");
      Element web = rows.get(0);
      assertThat(web.select("td").get(1).text()).isEqualTo("acme");
      assertThat(web.select("td").get(2).text()).isEqualTo("acme/prod");
      assertThat(web.select("td").get(3).text()).isEqualTo("default");
      assertThat(web.select("[data-field=state]").text()).isEqualTo("ok");
      assertThat(web.select("[data-field=lastRun]").text()).isEqualTo("2025-01-02 03:04:05 UTC");
      assertThat(web.select("[data-field=duration]").text()).isEqualTo("1.5 s");
      assertThat(web.select("[data-field=uploaded]").text()).isEqualTo("1");
      assertThat(web.select("[data-field=conflict]").text()).isEqualTo("1");
      assertThat(web.select("[data-field=skipped]").text()).isEqualTo("2");
      assertThat(web.select("[data-field=failed]").text()).isEqualTo("0");
      assertThat(web.select("[data-field=bytes]").text()).isEqualTo("2.0 KiB");
      Element tools = rows.get(1);
      assertThat(tools.select("[data-field=state]").text()).isEqualTo("failed");
      assertThat(tools.select("[data-field=lastError]").text())
          .isEqualTo("gitea said <b onmouseover=alert(2)>no</b>");
      assertThat(doc.select("#next-run").text()).isEqualTo("in 1 h 0 min");
      assertThat(doc.select("#runs tbody tr")).hasSize(1);
      assertThat(doc.select("#runs tbody tr td").get(3).text()).isEqualTo("startup");
    }
  }

  @Test
  void dashboardShowsFileRowsWithTheirStatusAndReason() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      Document doc = page(t);

      Elements rows = doc.select("#files tbody tr");
      assertThat(rows).hasSize(4);
      assertThat(doc.select("#files-summary").text()).isEqualTo("Files 1–4 of 4 (page 1 of 1)");
      Element skippedZip =
          rows.stream()
              .filter(r -> r.select("td.file").text().equals("example-1.0.zip"))
              .findFirst()
              .orElseThrow();
      assertThat(skippedZip.select("td.state").text()).isEqualTo("skipped");
      assertThat(skippedZip.select("td.reason").text()).isEqualTo("file_types excludes sdist");
      Element conflict =
          rows.stream()
              .filter(r -> r.select("td.file").text().equals("example-1.1.tar.gz"))
              .findFirst()
              .orElseThrow();
      assertThat(conflict.select("td.state").text()).isEqualTo("conflict");
      assertThat(conflict.select("td.reason").text())
          .isEqualTo("devpi has different bytes (sha256 abc…)");
      Element uploaded =
          rows.stream()
              .filter(r -> r.select("td.file").text().equals("example-1.0-py3-none-any.whl"))
              .findFirst()
              .orElseThrow();
      assertThat(uploaded.select("td.state").text()).isEqualTo("uploaded");
      assertThat(uploaded.select("td").last().text()).isEqualTo("2.0 KiB");
    }
  }

  @Test
  void packageNamesAndErrorsFromGiteaAreRenderedEscaped() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      String html = t.get("").body();
      Document doc = Jsoup.parse(html);

      assertThat(html).doesNotContain(EVIL).doesNotContain("<b onmouseover");
      assertThat(doc.select("script")).hasSize(1);
      assertThat(doc.select("script").first().data()).doesNotContain("alert(");
      assertThat(doc.select("[onmouseover]")).isEmpty();
      Element evil =
          doc.select("#files tbody tr").stream()
              .filter(r -> r.select("td.file").text().equals(EVIL + "-1.0.tar.gz"))
              .findFirst()
              .orElseThrow();
      assertThat(evil.select("td").get(1).text()).isEqualTo(EVIL);
      assertThat(evil.select("td.reason").text())
          .isEqualTo("name " + EVIL + " \"quoted\" & 'single'");
    }
  }

  @Test
  void dashboardMarksDryRuns() {
    try (TestServer t =
        TestServer.start(TestServer.settings().dryRun(true).build(), new RecordingPass())) {

      Document doc = page(t);

      assertThat(doc.select("p.dry").text()).contains("Dry run");
    }
  }

  @Test
  void pageQueryOutOfRangeOrMalformedShowsAValidPage() {
    try (TestServer t = TestServer.start(TestServer.settings().build(), cannedPass())) {

      for (String query : new String[] {"?page=99", "?page=-3", "?page=abc", "?page="}) {
        HttpResponse<String> response = t.get(query);

        assertThat(response.statusCode()).as(query).isEqualTo(200);
        assertThat(Jsoup.parse(response.body()).select("#files tbody tr")).as(query).hasSize(4);
      }
    }
  }
}
