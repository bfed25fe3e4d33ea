package io.github.devpigiteasync.server;

import java.util.Objects;

/**
 * A mapping as the server shows it.
 *
 * @param name the mapping name ({@code [mapping:<name>]})
 * @param organization the Gitea organization it reads
 * @param index the devpi index ({@code user/index}) it writes
 * @param devpiServer the name of the devpi server section
 */
public record MappingInfo(String name, String organization, String index, String devpiServer) {
  public MappingInfo {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(organization, "organization == null");
    Objects.requireNonNull(index, "index == null");
    Objects.requireNonNull(devpiServer, "devpiServer == null");
  }
}
