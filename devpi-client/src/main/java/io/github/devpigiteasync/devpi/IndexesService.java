package io.github.devpigiteasync.devpi;

import io.github.devpigiteasync.devpi.internal.DevpiJson;
import io.github.devpigiteasync.devpi.model.IndexInfo;
import okhttp3.HttpUrl;

/** Index lookups, reached through {@link DevpiClient#indexes()}. */
public final class IndexesService {
  private final Transport transport;

  IndexesService(Transport transport) {
    this.transport = transport;
  }

  /**
   * Reads an index's configuration.
   *
   * <p>{@code GET /{user}/{index}?no_projects=}
   *
   * @throws DevpiNotFoundException if the user or index does not exist
   */
  public IndexInfo get(IndexRef index) {
    HttpUrl url =
        transport.indexUrl(index).newBuilder().addQueryParameter("no_projects", "").build();
    return DevpiJson.index(index.toString(), transport.getJson(url));
  }
}
