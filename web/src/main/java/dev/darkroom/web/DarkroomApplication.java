package dev.darkroom.web;

import dev.darkroom.web.mainjob.MainJob;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Darkroom server application. {@code java -jar darkroom.jar main-job [ARCHIVE_DIR]} runs the
 * main job (see {@link MainJob}); without arguments it starts the server.
 */
@SpringBootApplication
// Runs, Temporal and the batch jobs are imported by ServerConfiguration (scanned, so that test
// slices can leave them out).
public class DarkroomApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(MainJob.COMMAND)) {
      System.exit(MainJob.run(args));
    }
    SpringApplication app = new SpringApplication(DarkroomApplication.class);
    app.addListeners(new ReadyLine(System.out));
    app.run(args);
  }
}
