package io.github.devpigiteasync.testkit.internal;

import io.github.devpigiteasync.testkit.internal.GiteaState.Repo;
import io.github.devpigiteasync.testkit.internal.GiteaState.Token;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Who a request is: the {@code Authorization} forms Gitea and Forgejo accept, and visibility. */
final class GiteaAuth {
  enum AuthState {
    ANONYMOUS,
    INVALID,
    TOKEN
  }

  record Viewer(AuthState state, @Nullable Token token) {}

  private final GiteaState state;
  private final GiteaFlavor flavor;

  GiteaAuth(GiteaState state, GiteaFlavor flavor) {
    this.state = state;
    this.flavor = flavor;
  }

  /** Caller holds the state lock. */
  Viewer viewer(Call call) {
    Optional<String> header = call.header("Authorization");
    String value = null;
    if (header.isPresent()) {
      String h = header.get().trim();
      int sp = h.indexOf(' ');
      String scheme = sp < 0 ? h : h.substring(0, sp);
      String cred = sp < 0 ? "" : h.substring(sp + 1).trim();
      if (scheme.equals("token")
          || (flavor.anyCaseTokenScheme() && scheme.equalsIgnoreCase("token"))
          || scheme.equalsIgnoreCase("bearer")) {
        value = cred;
      } else if (scheme.equalsIgnoreCase("basic")) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(cred), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return new Viewer(AuthState.INVALID, null);
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String pass = colon < 0 ? "" : decoded.substring(colon + 1);
        if (state.tokens.containsKey(pass)) {
          value = pass;
        } else if (state.tokens.containsKey(user)
            && (pass.isEmpty() || pass.equals("x-oauth-basic"))) {
          value = user;
        } else {
          return new Viewer(AuthState.INVALID, null);
        }
      } else {
        return new Viewer(AuthState.ANONYMOUS, null);
      }
    } else if (call.query("token").isPresent() || call.query("access_token").isPresent()) {
      value = call.query("token").orElseGet(() -> call.query("access_token").orElse(""));
    }
    if (value == null) {
      return new Viewer(AuthState.ANONYMOUS, null);
    }
    Token token = state.tokens.get(value);
    return token == null ? new Viewer(AuthState.INVALID, null) : new Viewer(AuthState.TOKEN, token);
  }

  /** Caller holds the state lock. */
  boolean canSee(Viewer viewer, Repo repo) {
    Token token = viewer.token();
    if (token != null
        && state.hidden.contains(
            token.value()
                + "\n"
                + GiteaState.key(repo.owner.name)
                + "/"
                + GiteaState.key(repo.name))) {
      return false;
    }
    if (!repo.owner.isPrivate) {
      return true;
    }
    return token != null && token.reads(repo.owner);
  }
}
