package dev.darkroom.orchestrator.launcher.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The {@code java} command line that starts a worker JVM: the binary, the JVM options, the class
 * path and the main class, before the worker's own arguments. When the class path is one Spring
 * Boot fat jar (the server started as {@code java -jar darkroom.jar}) the worker's main class is
 * reached through Boot's {@code PropertiesLauncher}, which understands the jar's nested layout.
 */
record WorkerJvm(Path java, List<String> jvmOptions, String classpath, String mainClass) {

  static final String BOOT_PROPERTIES_LAUNCHER =
      "org.springframework.boot.loader.launch.PropertiesLauncher";

  WorkerJvm {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** From the properties, defaulting to this JVM's binary and class path. */
  static WorkerJvm of(ProcessLauncherProperties properties) {
    Path java =
        properties.java() != null
            ? properties.java()
            : Path.of(System.getProperty("java.home"), "bin", "java");
    String classpath =
        properties.classpath() != null
            ? properties.classpath()
            : System.getProperty("java.class.path", "");
    return new WorkerJvm(java, properties.jvmOptions(), classpath, properties.mainClass());
  }

  /**
   * Always first, so {@code jvm-options} may still override it: a worker whose heap is exhausted
   * exits at once with {@link #OUT_OF_MEMORY_EXIT} instead of limping on with threads dying, and
   * its launcher can tell that end from others (ADR 0024).
   */
  static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

  /** HotSpot's exit code under {@code -XX:+ExitOnOutOfMemoryError}. */
  static final int OUT_OF_MEMORY_EXIT = 3;

  /** The line HotSpot prints under {@code -XX:+ExitOnOutOfMemoryError} before it exits. */
  static final String OUT_OF_MEMORY_LINE = "Terminating due to java.lang.OutOfMemoryError";

  /** The command up to (not including) the worker's arguments. */
  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add(EXIT_ON_OUT_OF_MEMORY);
    command.addAll(jvmOptions);
    if (isBootJar(classpath)) {
      command.add("-Dloader.main=" + mainClass);
      command.add("-cp");
      command.add(classpath);
      command.add(BOOT_PROPERTIES_LAUNCHER);
    } else {
      command.add("-cp");
      command.add(classpath);
      command.add(mainClass);
    }
    return command;
  }

  /** The heap limit the options set ({@code -Xmx...}, the last one wins), or the JVM's default. */
  String heap() {
    String heap = "the JVM's default heap";
    for (String option : jvmOptions) {
      if (option.startsWith("-Xmx")) {
        heap = option;
      }
    }
    return heap;
  }

  private static boolean isBootJar(String classpath) {
    if (classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
      return false;
    }
    Path jar = Path.of(classpath);
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry("BOOT-INF/") != null || file.getEntry("BOOT-INF/classes/") != null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the worker class path " + jar, e);
    }
  }
}
