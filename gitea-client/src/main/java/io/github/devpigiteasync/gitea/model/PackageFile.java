package io.github.devpigiteasync.gitea.model;

import java.util.Objects;

/**
 * One file of a package version ({@code GET
 * /api/v1/packages/{owner}/{type}/{name}/{version}/files}).
 *
 * <p>Hashes are lower-case hex; an empty string means the server did not send that hash.
 *
 * @param id file id
 * @param name filename as uploaded (untrusted: never use it directly as a path)
 * @param size size in bytes (read from {@code size}, or {@code Size} before Gitea 1.24)
 * @param md5 MD5 hex
 * @param sha1 SHA-1 hex
 * @param sha256 SHA-256 hex
 * @param sha512 SHA-512 hex
 */
public record PackageFile(
    long id, String name, long size, String md5, String sha1, String sha256, String sha512) {
  public PackageFile {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(md5, "md5 == null");
    Objects.requireNonNull(sha1, "sha1 == null");
    Objects.requireNonNull(sha256, "sha256 == null");
    Objects.requireNonNull(sha512, "sha512 == null");
  }
}
