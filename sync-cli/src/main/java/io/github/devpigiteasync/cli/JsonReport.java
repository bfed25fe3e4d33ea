package io.github.devpigiteasync.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.devpigiteasync.sync.FileResult;
import io.github.devpigiteasync.sync.FileResult.Outcome;
import io.github.devpigiteasync.sync.MappingReport;
import io.github.devpigiteasync.sync.SyncReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Writes a {@link SyncReport} as the documented {@code --json} document (docs/cli.md). Field names
 * are written explicitly so the schema does not follow refactorings of the records; times are
 * ISO-8601 UTC, durations are milliseconds, outcomes are lower case. Bump {@link #SCHEMA_VERSION}
 * on any incompatible change.
 */
final class JsonReport {
  /** Version of the document layout. */
  static final int SCHEMA_VERSION = 1;

  private JsonReport() {}

  static void write(SyncReport report, String toolVersion, Writer out) {
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("schemaVersion", SCHEMA_VERSION);
      g.writeStringField("tool", "devpi-gitea-sync");
      g.writeStringField("version", toolVersion);
      g.writeBooleanField("dryRun", report.dryRun());
      g.writeBooleanField("succeeded", report.succeeded());
      g.writeStringField("started", time(report.started()));
      g.writeStringField("finished", time(report.finished()));
      g.writeNumberField("durationMillis", millis(report.duration()));
      g.writeObjectFieldStart("totals");
      counts(g, report::count);
      g.writeNumberField("bytesUploaded", report.bytesUploaded());
      g.writeNumberField(
          "mappingsFailed", report.mappings().stream().filter(m -> !m.succeeded()).count());
      g.writeEndObject();
      g.writeArrayFieldStart("mappings");
      for (MappingReport m : report.mappings()) {
        mapping(g, m);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void mapping(JsonGenerator g, MappingReport m) throws IOException {
    g.writeStartObject();
    g.writeStringField("mapping", m.mapping());
    g.writeStringField("organization", m.organization());
    g.writeStringField("index", m.index());
    g.writeStringField("devpiServer", m.devpiServer());
    g.writeBooleanField("succeeded", m.succeeded());
    nullable(g, "error", m.error());
    g.writeStringField("started", time(m.started()));
    g.writeNumberField("durationMillis", millis(m.duration()));
    g.writeObjectFieldStart("counts");
    counts(g, m::count);
    g.writeEndObject();
    g.writeNumberField("bytesUploaded", m.bytesUploaded());
    g.writeArrayFieldStart("files");
    for (FileResult f : m.files()) {
      g.writeStartObject();
      g.writeStringField("project", f.project());
      g.writeStringField("version", f.version());
      g.writeStringField("filename", f.filename());
      g.writeStringField("outcome", Formats.name(f.outcome()));
      g.writeStringField("reason", f.reason());
      g.writeNumberField("bytes", f.bytes());
      g.writeNumberField("durationMillis", millis(f.duration()));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private interface Counter {
    long count(Outcome outcome);
  }

  private static void counts(JsonGenerator g, Counter counter) throws IOException {
    for (Outcome o : Outcome.values()) {
      g.writeNumberField(Formats.name(o), counter.count(o));
    }
  }

  private static void nullable(JsonGenerator g, String field, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(field, value.get());
    } else {
      g.writeNullField(field);
    }
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static long millis(Duration d) {
    return d.toMillis();
  }
}
