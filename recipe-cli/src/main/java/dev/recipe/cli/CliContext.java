package dev.recipe.cli;

import dev.recipe.api.Invocation;
import dev.recipe.core.prov.CodeInfo;
import picocli.CommandLine;

/** What only a command line needs: picocli's version text and the interrupt hint. */
final class CliContext {
  private CliContext() {}

  /** picocli's --version. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"recipe " + Invocation.version() + " ("
          + CodeInfo.of(Invocation.projectDir(), Invocation.version(), "").git().describe() + ")"};
    }
  }

  /**
   * Registers a shutdown hook that, when the JVM is stopped (Ctrl-C, SIGTERM) before the caller
   * removes it, tells the user how to continue; returns it for {@code removeShutdownHook}.
   */
  static Thread interruptHint(java.io.PrintWriter err, String howToContinue) {
    Thread hook = new Thread(() -> {
      err.println("recipe: interrupted; " + howToContinue);
      err.flush();
    }, "recipe-interrupt-hint");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }
}
