package dev.darkroom.web;

import dev.darkroom.batch.BatchJobsConfiguration;
import dev.darkroom.orchestrator.run.RunServiceConfiguration;
import dev.darkroom.web.mainjob.MainJob;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The Darkroom server application. {@code java -jar darkroom.jar main-job [ARCHIVE_DIR]} runs the
 * main job (see {@link MainJob}); without arguments it starts the server.
 */
@SpringBootApplication
// Runs: Temporal (dev server, remote or in-process fallback), the run worker, the in-process
// launcher, RunService and start-up reconciliation; the batch jobs come with them.
@Import({BatchJobsConfiguration.class, RunServiceConfiguration.class})
public class DarkroomApplication {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals(MainJob.COMMAND)) {
      System.exit(MainJob.run(args));
    }
    SpringApplication.run(DarkroomApplication.class, args);
  }
}
