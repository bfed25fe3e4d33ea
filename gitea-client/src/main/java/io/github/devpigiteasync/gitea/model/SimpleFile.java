package io.github.devpigiteasync.gitea.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One link of a PEP 503 simple page ({@code GET /api/packages/{owner}/pypi/simple/{name}}).
 *
 * @param filename the file name (last path segment of the link, percent-decoded)
 * @param version the {@code {version}} path segment of the link, percent-decoded
 * @param url the absolute link without its fragment; its host is the server's {@code ROOT_URL},
 *     which may differ from the configured base URL, so download through {@code
 *     PackagesService.download} rather than this URL
 * @param sha256 the {@code #sha256=} fragment, lower-case, when present
 * @param requiresPython the HTML-unescaped {@code data-requires-python} value, when present
 */
public record SimpleFile(
    String filename,
    String version,
    String url,
    Optional<String> sha256,
    Optional<String> requiresPython) {
  public SimpleFile {
    Objects.requireNonNull(filename, "filename == null");
    Objects.requireNonNull(version, "version == null");
    Objects.requireNonNull(url, "url == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(requiresPython, "requiresPython == null");
  }
}
