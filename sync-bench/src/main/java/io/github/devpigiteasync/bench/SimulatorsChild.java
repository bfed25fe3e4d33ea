package io.github.devpigiteasync.bench;

import io.github.devpigiteasync.testkit.PublishedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scenario 2's simulators in a JVM of their own, so that they can run on another CPU than the
 * engine (the way devpi and Gitea are other processes in production). The parent drives it with one
 * tab-separated command per line on the child's standard input and reads one answer line per
 * command from its standard output:
 *
 * <ul>
 *   <li>at start the child answers {@code ready, Gitea URL, Gitea token, devpi password};
 *   <li>{@code publish, name, version, padding}: the {@link PublishedFile}'s components;
 *   <li>{@code devpi, max body size, index}: {@code id, URL} of a fresh devpi simulator;
 *   <li>{@code files, id, index}: {@code filename, sha256, filename, sha256, ...};
 *   <li>{@code close, id}: {@code ok}.
 * </ul>
 *
 * Any failure answers {@code error, message}. The end of its input stops the child, which deletes
 * what it made.
 */
final class SimulatorsChild {
  private static final String TAB = "\t";

  private SimulatorsChild() {}

  /** Entry point of the child JVM: {@code SimulatorsChild DIR}, DIR the parent's temp directory. */
  public static void main(String[] args) throws IOException {
    Logger.getLogger("").setLevel(Level.WARNING);
    Path dir = Path.of(args[0]);
    Cleanup cleanup = new Cleanup(World.mkdir(dir));
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Simulators sims = Simulators.inProcess(new World(dir, "sims", cleanup))) {
      Map<String, Simulators.Devpi> devpis = new HashMap<>();
      out.println(
          String.join(TAB, "ready", sims.giteaUrl(), sims.giteaToken(), sims.devpiPassword()));
      for (String line; (line = in.readLine()) != null; ) {
        try {
          out.println(answer(sims, devpis, line.split(TAB, -1)));
        } catch (RuntimeException e) {
          out.println("error" + TAB + e.toString().replace('\n', ' '));
        }
      }
      devpis.values().forEach(Simulators.Devpi::close);
    } finally {
      cleanup.run();
    }
  }

  private static String answer(
      Simulators sims, Map<String, Simulators.Devpi> devpis, String[] command) {
    switch (command[0]) {
      case "publish" -> {
        PublishedFile f = sims.publishWheel(command[1], command[2], Long.parseLong(command[3]));
        return String.join(
            TAB,
            f.owner(),
            f.packageName(),
            f.version(),
            f.filename(),
            Long.toString(f.size()),
            f.sha256(),
            Long.toString(f.versionId()),
            Long.toString(f.fileId()),
            f.downloadUrl());
      }
      case "devpi" -> {
        Simulators.Devpi devpi = sims.newDevpi(Long.parseLong(command[1]), command[2]);
        String id = Integer.toString(devpis.size() + 1);
        devpis.put(id, devpi);
        return id + TAB + devpi.url();
      }
      case "files" -> {
        List<String> fields = new ArrayList<>();
        devpis
            .get(command[1])
            .sha256ByFile(command[2])
            .forEach((k, v) -> fields.addAll(List.of(k, v)));
        return String.join(TAB, fields);
      }
      case "close" -> {
        Simulators.Devpi devpi = devpis.remove(command[1]);
        if (devpi != null) {
          devpi.close();
        }
        return "ok";
      }
      default -> throw new IllegalArgumentException("unknown command " + command[0]);
    }
  }

  /** The parent's side: the child started on {@code cpu} with {@code taskset}. */
  static Simulators start(Path dir, int cpu, Cleanup cleanup) {
    List<String> command =
        List.of(
            Affinity.TASKSET,
            "-c",
            Integer.toString(cpu),
            ChildProcess.java(),
            "-cp",
            System.getProperty("java.class.path"),
            SimulatorsChild.class.getName(),
            dir.toString());
    try {
      Process p =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      cleanup.register(p::destroyForcibly);
      return new Remote(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Remote implements Simulators {
    private final Process process;
    private final PrintWriter to;
    private final BufferedReader from;
    private final String[] ready;

    Remote(Process process) {
      this.process = process;
      this.to =
          new PrintWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
      this.from =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.ready = read();
      if (!ready[0].equals("ready")) {
        throw new IllegalStateException("simulators' child did not start: " + ready[0]);
      }
    }

    private String[] read() {
      try {
        String line = from.readLine();
        if (line == null) {
          throw new IllegalStateException("simulators' child ended");
        }
        String[] fields = line.split(TAB, -1);
        if (fields[0].equals("error")) {
          throw new IllegalStateException("simulators' child: " + fields[1]);
        }
        return fields;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private synchronized String[] call(String... command) {
      to.println(String.join(TAB, command));
      return read();
    }

    @Override
    public String giteaUrl() {
      return ready[1];
    }

    @Override
    public String giteaToken() {
      return ready[2];
    }

    @Override
    public String devpiPassword() {
      return ready[3];
    }

    @Override
    public double cpuSeconds() {
      return ChildProcess.cpuSeconds(process.toHandle()).orElse(-1.0);
    }

    @Override
    public PublishedFile publishWheel(String name, String version, long padding) {
      String[] f = call("publish", name, version, Long.toString(padding));
      return new PublishedFile(
          f[0],
          f[1],
          f[2],
          f[3],
          Long.parseLong(f[4]),
          f[5],
          Long.parseLong(f[6]),
          Long.parseLong(f[7]),
          f[8]);
    }

    @Override
    public Devpi newDevpi(long maxRequestBodySize, String index) {
      String[] d = call("devpi", Long.toString(maxRequestBodySize), index);
      return new Devpi() {
        @Override
        public String url() {
          return d[1];
        }

        @Override
        public Map<String, String> sha256ByFile(String index) {
          String[] f = call("files", d[0], index);
          Map<String, String> files = new HashMap<>();
          for (int i = 0; i + 1 < f.length; i += 2) {
            files.put(f[i], f[i + 1]);
          }
          return files;
        }

        @Override
        public void close() {
          call("close", d[0]);
        }
      };
    }

    @Override
    public void close() {
      to.close(); // the end of its input stops the child, which deletes its files
      try {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
