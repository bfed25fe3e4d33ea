package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.FakeDevpi;
import io.github.devpigiteasync.testkit.PublishedFile;
import io.github.devpigiteasync.testkit.StoredFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where scenario 2's Gitea and devpi simulators run: in the bench's own JVM ({@link #inProcess}),
 * or in a child JVM of their own ({@link SimulatorsChild}).
 */
interface Simulators extends AutoCloseable {

  /** A devpi simulator made for one run; closing it deletes its files. */
  interface Devpi extends AutoCloseable {
    String url();

    /** The files of {@code index}: file name to sha256 of the stored bytes. */
    Map<String, String> sha256ByFile(String index);

    @Override
    void close();
  }

  String giteaUrl();

  String giteaToken();

  String devpiPassword();

  /** CPU seconds (user + system) the simulators used so far, or -1 when they share this JVM. */
  double cpuSeconds();

  /** Builds a wheel with {@code padding} bytes inside and publishes it to {@value World#ORG}. */
  PublishedFile publishWheel(String name, String version, long padding);

  /** A fresh devpi simulator with user {@value World#DEVPI_USER} and a non-volatile index. */
  Devpi newDevpi(long maxRequestBodySize, String index);

  @Override
  void close();

  /** The simulators of {@code world}, in this JVM. */
  static Simulators inProcess(World world) {
    return new Simulators() {
      @Override
      public String giteaUrl() {
        return world.gitea().url();
      }

      @Override
      public String giteaToken() {
        return world.giteaToken();
      }

      @Override
      public String devpiPassword() {
        return world.devpiPassword();
      }

      @Override
      public double cpuSeconds() {
        return -1;
      }

      @Override
      public PublishedFile publishWheel(String name, String version, long padding) {
        return world.publishWheel(name, version, padding);
      }

      @Override
      public Devpi newDevpi(long maxRequestBodySize, String index) {
        FakeDevpi devpi = world.newDevpi(maxRequestBodySize, List.of(index));
        return new Devpi() {
          @Override
          public String url() {
            return devpi.url();
          }

          @Override
          public Map<String, String> sha256ByFile(String index) {
            return devpi.files(index).stream()
                .collect(Collectors.toMap(StoredFile::filename, StoredFile::sha256));
          }

          @Override
          public void close() {
            devpi.close();
          }
        };
      }

      @Override
      public void close() {
        world.close();
      }
    };
  }
}
