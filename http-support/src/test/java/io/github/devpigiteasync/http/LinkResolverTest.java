package io.github.devpigiteasync.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkResolverTest {
  private static final HttpUrl PAGE =
      HttpUrl.get("http://gitea.example:3000/api/packages/org/pypi/simple/pkg/");

  @ParameterizedTest
  @ValueSource(
      strings = {
        // what Gitea, Forgejo and devpi write
        "http://gitea.example:3000/api/packages/org/pypi/files/pkg/1.0/pkg-1.0-py3-none-any.whl"
            + "#sha256=3C4F0A1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7",
        "https://devpi.example/alice/dev/+f/3c4/1f2a3b4c5d6e7/pkg-1.0+local.tar.gz",
        "https://devpi.example/alice/dev/+f/3c4/1f2a3b4c5d6e7/pkg-1.0.tar.gz#md5=abc",
        "http://127.0.0.1:8080/root/pypi/+f/abc/def/x_y-2.0.zip",
        "http://gitea.example:3000/a/b/",
        "http://gitea.example:3000/",
        "http://gitea.example:3000/a#",
        // what HttpUrl must decide
        "http://Gitea.example:3000/api/files/pkg/1.0/pkg-1.0.whl",
        "http://gitea.example:80/api/files/pkg/1.0/pkg-1.0.whl",
        "https://gitea.example:443/api/files/pkg/1.0/pkg-1.0.whl",
        "http://user:secret@gitea.example/api/files/pkg/1.0/pkg-1.0.whl",
        "http://[::1]:3000/api/files/pkg/1.0/pkg-1.0.whl",
        "http://gitea.example/api/files/pkg/1.0/pkg%2D1.0.whl",
        "http://gitea.example/api/files/pkg/1.0/pkg 1.0.whl",
        "http://gitea.example/api/files/pkg/1.0/pkg-1.0.whl?x=1#sha256=ab",
        "http://gitea.example/api/files/./pkg/../1.0/pkg-1.0.whl",
        "http://gitea.example/api//files/pkg/1.0/pkg-1.0.whl",
        "http://gitea.example/api/files/pkg/1.0/pkg-1.0.whl#a/b c",
        "http://gitea.example/api/files/pkg/1.0/pkg-é.whl",
        "http://gitea.example/api\\files/pkg/1.0/pkg-1.0.whl",
        "http://gitea.example:/x/y",
        "http://gitea..example/x/y",
        "http://gitea.example:99999/x/y",
        " http://gitea.example/x/y ",
        "HTTP://gitea.example/x/y",
        "../../files/pkg/1.0/pkg-1.0.whl#sha256=ab",
        "/api/packages/org/pypi/files/pkg/1.0/pkg-1.0.whl",
        "pkg-1.0.whl",
        "//other.example/x/y",
        "mailto:someone@example.org",
        "http://",
        "http:///x",
        ""
      })
  void resolvesEveryLinkAsHttpUrlDoes(String href) {
    HttpUrl expected = PAGE.resolve(href);

    LinkResolver.Link link = new LinkResolver(PAGE).resolve(href);

    if (expected == null) {
      assertThat(link).isNull();
      return;
    }
    assertThat(link).isNotNull();
    assertThat(link.url()).isEqualTo(expected.toString());
    assertThat(link.withoutFragment())
        .isEqualTo(expected.newBuilder().fragment(null).build().toString());
    assertThat(link.fragment()).isEqualTo(expected.fragment());
    assertThat(link.pathSegments()).isEqualTo(expected.pathSegments());
  }

  @Test
  void oneResolverServesLinksToSeveralHosts() {
    LinkResolver resolver = new LinkResolver(PAGE);

    LinkResolver.Link first = resolver.resolve("http://a.example/x/1.0/f.whl");
    LinkResolver.Link other = resolver.resolve("http://B.example/x/1.0/f.whl");
    LinkResolver.Link again = resolver.resolve("http://a.example/y/2.0/g.whl#sha256=00");

    assertThat(first.url()).isEqualTo("http://a.example/x/1.0/f.whl");
    assertThat(other.url()).isEqualTo("http://b.example/x/1.0/f.whl");
    assertThat(again.withoutFragment()).isEqualTo("http://a.example/y/2.0/g.whl");
    assertThat(again.fragment()).isEqualTo("sha256=00");
    assertThat(again.pathSegments()).isEqualTo(List.of("y", "2.0", "g.whl"));
  }
}
