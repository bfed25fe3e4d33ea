package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.devpi.DevpiClient;
import io.github.devpigiteasync.devpi.IndexRef;
import io.github.devpigiteasync.devpi.model.ReleaseFile;
import io.github.devpigiteasync.devpi.model.VersionData;
import io.github.devpigiteasync.gitea.GiteaClient;
import io.github.devpigiteasync.gitea.PackageQuery;
import io.github.devpigiteasync.gitea.model.GiteaPackage;
import io.github.devpigiteasync.gitea.model.PackageFile;
import io.github.devpigiteasync.testkit.FakeDevpi;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * The per-version approach the engine is compared with, written directly against gitea-client and
 * devpi-client: page through the listing, and for every version ask Gitea for its files and devpi
 * for that version.
 */
final class NaivePass {
  record Result(int versions, int filesPresent) {}

  private final World world;
  private final FakeDevpi devpi;
  private final IndexRef index;

  NaivePass(World world, FakeDevpi devpi, String index) {
    this.world = world;
    this.devpi = devpi;
    this.index = IndexRef.parse(index);
  }

  Result run() {
    OkHttpClient http = new OkHttpClient();
    try {
      GiteaClient gitea =
          GiteaClient.builder()
              .baseUrl(world.gitea().url())
              .token(world.giteaToken())
              .okHttpClient(http)
              .build();
      DevpiClient client =
          DevpiClient.builder()
              .baseUrl(devpi.url())
              .username(World.DEVPI_USER)
              .password(world.devpiPassword())
              .okHttpClient(http)
              .build();
      int versions = 0;
      int present = 0;
      for (GiteaPackage p : gitea.packages().list(World.ORG, PackageQuery.pypi())) {
        versions++;
        List<PackageFile> files = gitea.packages().files(World.ORG, "pypi", p.name(), p.version());
        Optional<VersionData> inDevpi = client.version(index, p.name(), p.version());
        Set<String> names =
            inDevpi
                .map(v -> v.files().stream().map(ReleaseFile::filename).collect(Collectors.toSet()))
                .orElse(Set.of());
        present += (int) files.stream().filter(f -> names.contains(f.name())).count();
      }
      return new Result(versions, present);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
