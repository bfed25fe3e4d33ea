package io.github.devpigiteasync.sync.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code [mapping:<name>]} section: which Gitea organization's packages go to which devpi index.
 *
 * @param organization Gitea organization (or user) to read; defaults to the mapping name
 * @param index devpi index in {@code user/index} form
 * @param devpiServer name of the devpi server ({@value DevpiServer#DEFAULT_NAME} for {@code
 *     [devpi]})
 * @param repositories allowlist of repository names; empty means no allowlist
 * @param packages package-name globs to include; empty means every package
 * @param excludePackages package-name globs to drop
 * @param fileTypes file types to sync; never empty in a validated config
 */
public record Mapping(
    String name,
    String organization,
    String index,
    String devpiServer,
    List<String> repositories,
    boolean includeArchived,
    List<String> packages,
    List<String> excludePackages,
    Set<FileType> fileTypes) {

  public Mapping {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpiServer, "devpiServer == null");
    repositories = List.copyOf(repositories);
    packages = List.copyOf(packages);
    excludePackages = List.copyOf(excludePackages);
    fileTypes = copyOf(fileTypes);
  }

  /** The config-file section of this mapping: {@code mapping:<name>}. */
  public String section() {
    return "mapping:" + name;
  }

  /**
   * Starts a mapping named {@code name} with the file's defaults: organization = name, default
   * devpi server, no allowlists, archived repositories excluded, both file types.
   */
  public static Builder builder(String name, String index) {
    return new Builder(name, index);
  }

  private static Set<FileType> copyOf(Collection<FileType> types) {
    EnumSet<FileType> set = EnumSet.noneOf(FileType.class);
    set.addAll(types);
    return Collections.unmodifiableSet(set);
  }

  /** Builds a {@link Mapping} in code. */
  public static final class Builder {
    private final String name;
    private final String index;
    private String organization;
    private String devpiServer = DevpiServer.DEFAULT_NAME;
    private final List<String> repositories = new ArrayList<>();
    private boolean includeArchived;
    private final List<String> packages = new ArrayList<>();
    private final List<String> excludePackages = new ArrayList<>();
    private Set<FileType> fileTypes = EnumSet.allOf(FileType.class);

    private Builder(String name, String index) {
      this.name = Objects.requireNonNull(name, "name == null");
      this.index = Objects.requireNonNull(index, "index == null");
      this.organization = name;
    }

    public Builder organization(String organization) {
      this.organization = Objects.requireNonNull(organization, "organization == null");
      return this;
    }

    public Builder devpiServer(String devpiServer) {
      this.devpiServer = Objects.requireNonNull(devpiServer, "devpiServer == null");
      return this;
    }

    public Builder repositories(Collection<String> repositories) {
      this.repositories.addAll(repositories);
      return this;
    }

    public Builder includeArchived(boolean includeArchived) {
      this.includeArchived = includeArchived;
      return this;
    }

    public Builder packages(Collection<String> globs) {
      this.packages.addAll(globs);
      return this;
    }

    public Builder excludePackages(Collection<String> globs) {
      this.excludePackages.addAll(globs);
      return this;
    }

    public Builder fileTypes(Collection<FileType> fileTypes) {
      this.fileTypes = copyOf(fileTypes);
      return this;
    }

    public Mapping build() {
      return new Mapping(
          name,
          organization,
          index,
          devpiServer,
          repositories,
          includeArchived,
          packages,
          excludePackages,
          fileTypes);
    }
  }
}
