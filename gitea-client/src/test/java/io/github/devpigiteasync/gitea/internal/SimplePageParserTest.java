package io.github.devpigiteasync.gitea.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.devpigiteasync.gitea.model.SimpleFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimplePageParserTest {
  private static final HttpUrl PAGE =
      HttpUrl.get("http://localhost:3000/api/packages/acme/pypi/simple/acme-utils");
  private static final String SHA =
      "3c4f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7";

  @Test
  void readsGiteasPageAsTheRegularExpressionsDid() throws IOException {
    String html = resource("simple-acme-utils.html");

    List<SimpleFile> files = SimplePageParser.parse(html, PAGE);

    assertThat(files).isNotEmpty();
    assertThat(files).isEqualTo(RegexReference.parse(html, PAGE));
    assertThat(files.get(0))
        .isEqualTo(
            new SimpleFile(
                "acme_utils-1.1.0.tar.gz",
                "1.1.0",
                "https://gitea.example.org/api/packages/acme/pypi/files/acme-utils/1.1.0/"
                    + "acme_utils-1.1.0.tar.gz",
                Optional.of("8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"),
                Optional.of(">=3.8")));
    assertThat(files).allSatisfy(f -> assertThat(f.url()).doesNotContain("#"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "<a",
        "<a >",
        "<a href=x>",
        "<A\tHREF=\"../../files/p/1.0/p-1.0.whl#sha256=" + SHA + "\">p</A>",
        "<a\nhref='/api/packages/acme/pypi/files/p/2.0/p-2.0.tar.gz' data-requires-python='&gt;=3.8'>",
        "<a href=\"/f/1/a.whl\" href=\"/f/2/b.whl\" data-requires-python=\"  \">",
        "<a data-requires-python=\"&lt;4&amp;&#62;=3&#x3e;\" href=/f/1/a.whl>",
        "<a x href = \"/f/1/a.whl\">",
        "<a xhref=\"/f/1/a.whl\" 9href=\"/f/2/b.whl\">",
        "<a -href=\"/f/1/a.whl\">",
        "<a href=\"/f/1/a.whl>",
        "<a href='/f/1/a.whl\" data-requires-python=\"x'>",
        "<a href=\"unclosed data-requires-python='>=3' href=/f/9/z.whl>",
        "<a href= >",
        "<a href=\"\">",
        "<abbr href=\"/f/1/a.whl\"><a  href=\"/f/1/b.whl\"></a>",
        "<<a href=\"/f/1/a.whl\">><a\rhref=\"/f/3/c.whl#sha256=XYZ\">",
        "<a href=\"http://Other.example:80/f/1/a.whl#sha256=3C4F0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7\">",
        "<a href=\"https://cdn.example/f/1/a%20b.whl\"><a href=\"/f/\"><a href=\"/a.whl\">",
        "<a href=\"/f/1/a.whl\" data-requires-python=\">=3\" <a href=\"/f/2/b.whl\">"
      })
  void readsOddPagesAsTheRegularExpressionsDid(String html) {
    assertThat(SimplePageParser.parse(html, PAGE)).isEqualTo(RegexReference.parse(html, PAGE));
  }

  @Test
  void readsRandomPagesAsTheRegularExpressionsDid() {
    String[] pieces = {
      "<",
      ">",
      "a",
      "A",
      " ",
      "\t",
      "\n",
      "=",
      "\"",
      "'",
      "href",
      "HREF",
      "data-requires-python",
      "x",
      "-",
      ".",
      ":",
      "_",
      "9",
      "/f/1/a.whl",
      "../",
      "#sha256=" + SHA,
      "&amp;",
      "&#60;",
      "&gt",
      "<a ",
      "<a href=",
      "http://h.example/",
      "p/2.0/p-2.0.whl",
      "é"
    };
    Random random = new Random(13);

    for (int n = 0; n < 20_000; n++) {
      StringBuilder html = new StringBuilder();
      int length = random.nextInt(24);
      for (int i = 0; i < length; i++) {
        html.append(pieces[random.nextInt(pieces.length)]);
      }
      String page = html.toString();

      assertThat(SimplePageParser.parse(page, PAGE))
          .as(page)
          .isEqualTo(RegexReference.parse(page, PAGE));
    }
  }

  private static String resource(String name) throws IOException {
    String path = "wiremock/__files/pypi/" + name;
    try (InputStream in = SimplePageParserTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The parser as it was, with regular expressions and a URL parse per link: the oracle. */
  private static final class RegexReference {
    private static final Pattern ANCHOR =
        Pattern.compile("<a\\s([^>]*)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE =
        Pattern.compile(
            "([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    static List<SimpleFile> parse(String html, HttpUrl pageUrl) {
      List<SimpleFile> files = new ArrayList<>();
      Matcher anchor = ANCHOR.matcher(html);
      while (anchor.find()) {
        String href = null;
        String requiresPython = null;
        Matcher attr = ATTRIBUTE.matcher(anchor.group(1));
        while (attr.find()) {
          String name = attr.group(1).toLowerCase(Locale.ROOT);
          String g =
              attr.group(2) != null
                  ? attr.group(2)
                  : attr.group(3) != null ? attr.group(3) : attr.group(4);
          String value = SimplePageParser.unescape(g == null ? "" : g);
          if (name.equals("href")) {
            href = value;
          } else if (name.equals("data-requires-python")) {
            requiresPython = value;
          }
        }
        if (href == null) {
          continue;
        }
        HttpUrl url = pageUrl.resolve(href);
        if (url == null) {
          continue;
        }
        List<String> segments = url.pathSegments();
        if (segments.size() < 2 || segments.get(segments.size() - 1).isEmpty()) {
          continue;
        }
        Optional<String> sha256 = Optional.empty();
        String fragment = url.fragment();
        if (fragment != null && fragment.startsWith("sha256=")) {
          String hex = fragment.substring("sha256=".length());
          if (HEX.matcher(hex).matches()) {
            sha256 = Optional.of(hex.toLowerCase(Locale.ROOT));
          }
        }
        Optional<String> rp =
            Optional.ofNullable(requiresPython).map(String::strip).filter(s -> !s.isEmpty());
        files.add(
            new SimpleFile(
                segments.get(segments.size() - 1),
                segments.get(segments.size() - 2),
                url.newBuilder().fragment(null).build().toString(),
                sha256,
                rp));
      }
      return List.copyOf(files);
    }
  }
}
