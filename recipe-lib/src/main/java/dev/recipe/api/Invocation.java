package dev.recipe.api;

import dev.recipe.core.prov.CodeInfo;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Facts about this invocation: where the project lives, its version, and how to re-run a command. */
public final class Invocation {
  private Invocation() {}

  /**
   * The project directory whose git state is recorded: {@code -Drecipe.home} (set by the launcher),
   * else the checkout that holds the running classes, else the working directory.
   */
  public static Path projectDir() {
    String home = System.getProperty("recipe.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath().normalize();
    }
    try {
      Path p = Path.of(Invocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path d = p; d != null; d = d.getParent()) {
        if (Files.exists(d.resolve("recipes")) && Files.exists(d.resolve("pom.xml"))) {
          return d;
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through: use the working directory
    }
    return Path.of("").toAbsolutePath();
  }

  public static String version() {
    String v = Invocation.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** The code state with the command line {@code ./recipe ARGS...}, quoted for a POSIX shell. */
  public static CodeInfo code(List<String> args) {
    return CodeInfo.of(projectDir(), version(), command(args));
  }

  /** {@code ./recipe} followed by the arguments, each quoted when needed. */
  public static String command(List<String> args) {
    return "./recipe " + args.stream().map(Invocation::quote).collect(Collectors.joining(" "));
  }

  /** A path as the user would type it: relative to the working directory when inside it. */
  public static String displayPath(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath();
    return abs.startsWith(cwd) && !abs.equals(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./=:,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
