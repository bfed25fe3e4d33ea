package io.github.devpigiteasync.testkit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Mutable settings collected by the public builders; not shared between threads. */
public final class DistSpec {
  public final String name;
  public final String version;
  public String summary;
  public String requiresPython = "";
  public String author = "Test Author";
  public String license = "MIT";
  public String description;
  public final List<String> requiresDist = new ArrayList<>();
  public final List<String> classifiers = new ArrayList<>();
  public long padding;
  public long seed = 1;
  public String tag = "py3-none-any";
  public boolean zip;

  public DistSpec(String name, String version) {
    this.name = Objects.requireNonNull(name, "name == null");
    this.version = Objects.requireNonNull(version, "version == null");
    if (!name.matches("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")) {
      throw new IllegalArgumentException("not a valid project name: " + name);
    }
    if (version.isBlank()) {
      throw new IllegalArgumentException("version is blank");
    }
    this.summary = "Test package " + name;
    this.description =
        "Test package " + name + " " + version + ", built by the devpi-gitea-sync testkit.\n";
  }

  /** METADATA / PKG-INFO text, Metadata-Version 2.1. */
  public String metadata() {
    StringBuilder sb = new StringBuilder();
    sb.append("Metadata-Version: 2.1\n");
    sb.append("Name: ").append(name).append('\n');
    sb.append("Version: ").append(version).append('\n');
    sb.append("Summary: ").append(summary).append('\n');
    sb.append("Author: ").append(author).append('\n');
    sb.append("License: ").append(license).append('\n');
    for (String c : classifiers) {
      sb.append("Classifier: ").append(c).append('\n');
    }
    if (!requiresPython.isEmpty()) {
      sb.append("Requires-Python: ").append(requiresPython).append('\n');
    }
    for (String r : requiresDist) {
      sb.append("Requires-Dist: ").append(r).append('\n');
    }
    sb.append("Description-Content-Type: text/plain\n");
    sb.append('\n').append(description);
    if (!description.endsWith("\n")) {
      sb.append('\n');
    }
    return sb.toString();
  }

  /** The importable module name: lower case, runs of other characters become {@code _}. */
  public String module() {
    return name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  String pyproject() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n");
    sb.append("[project]\n");
    sb.append("name = ").append(toml(name)).append('\n');
    sb.append("version = ").append(toml(version)).append('\n');
    sb.append("description = ").append(toml(summary)).append('\n');
    if (!requiresPython.isEmpty()) {
      sb.append("requires-python = ").append(toml(requiresPython)).append('\n');
    }
    sb.append("dependencies = [");
    for (int i = 0; i < requiresDist.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(toml(requiresDist.get(i)));
    }
    sb.append("]\n");
    sb.append("classifiers = [");
    for (int i = 0; i < classifiers.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(toml(classifiers.get(i)));
    }
    sb.append("]\n");
    return sb.toString();
  }

  String moduleSource() {
    return "\"\"\"" + name + " test module.\"\"\"\n__version__ = " + toml(version) + "\n";
  }

  private static String toml(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
