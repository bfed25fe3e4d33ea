package io.github.devpigiteasync.devpi;

import io.github.devpigiteasync.devpi.internal.DevpiAuth;
import io.github.devpigiteasync.devpi.internal.ErrorDecoder;
import io.github.devpigiteasync.devpi.internal.Secret;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes files and versions, reached through {@link DevpiClient#deletes()}. */
public final class DeletesService {
  private static final Logger log = LoggerFactory.getLogger(DeletesService.class);

  private final Transport transport;

  DeletesService(Transport transport) {
    this.transport = transport;
  }

  /**
   * Deletes one file by its {@code href} (from {@link
   * io.github.devpigiteasync.devpi.model.ReleaseFile#href()}), with {@code ?force} for non-volatile
   * indices. A file already gone (404 or 410) counts as deleted.
   *
   * <p>{@code DELETE <href>}
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void file(String href, boolean force) {
    Objects.requireNonNull(href, "href == null");
    HttpUrl url = transport.baseUrl.resolve(href);
    if (url == null) {
      throw new IllegalArgumentException("not a URL: " + href);
    }
    delete(url, force);
  }

  /**
   * Deletes a version with all its files, with {@code ?force} for non-volatile indices. A version
   * already gone (404 or 410) counts as deleted.
   *
   * <p>{@code DELETE /{user}/{index}/{project}/{version}}
   *
   * @throws DevpiForbiddenException no permission, or a non-volatile index without {@code force}
   */
  public void version(IndexRef index, String project, String version, boolean force) {
    Objects.requireNonNull(version, "version == null");
    delete(
        transport.projectUrl(index, project).newBuilder().addPathSegment(version).build(), force);
  }

  private void delete(HttpUrl target, boolean force) {
    HttpUrl url = target;
    if (force && url.queryParameterValues("force").isEmpty()) {
      url = url.newBuilder().addQueryParameter("force", null).build();
    }
    Request request = new Request.Builder().url(url).delete().build();
    Secret tokenBefore = transport.auth.ensureToken();
    try {
      deleteOnce(request);
    } catch (DevpiForbiddenException e) {
      // An expired login token makes devpi treat us as anonymous, and DELETE then answers 403
      // (never 401), so the authenticator cannot see it. Log in again once and repeat.
      if (transport.auth.mode() != DevpiAuth.Mode.PASSWORD) {
        throw e;
      }
      transport.auth.renew(tokenBefore);
      deleteOnce(request);
    }
  }

  private void deleteOnce(Request request) {
    try (Response response = transport.execute(request)) {
      int code = response.code();
      if (code == 404 || code == 410) {
        log.debug("{} already gone ({})", ErrorDecoder.pathOf(request.url()), code);
        return;
      }
      if (!response.isSuccessful()) {
        throw transport.errors.decode(response, false);
      }
    }
  }
}
