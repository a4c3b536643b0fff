package dev.darkroom.batch.scan;

import dev.darkroom.batch.worker.WorkerMain;
import dev.darkroom.testsupport.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the real batch worker main in a separate JVM against a test database. */
final class WorkerProcess {

  private WorkerProcess() {}

  static Process startScan(TestDatabase db, Path root, List<String> prefix, String... extra)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(WorkerMain.class.getName());
    command.add("scan");
    command.add("--spring.datasource.url=" + db.jdbcUrl());
    command.add("--spring.datasource.username=" + db.username());
    command.add("--spring.datasource.password=" + db.password());
    command.add("--darkroom.archive.roots=" + root);
    command.add("--darkroom.data-dir=" + root.getParent().resolve("data"));
    command.addAll(List.of(extra));
    Path log = Files.createTempFile("darkroom-worker", ".log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
  }
}
