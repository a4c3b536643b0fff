package dev.darkroom.core.installation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.darkroom.testsupport.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class InstallationRepositoryTest {

  @Test
  void theIdIsCreatedOnceAndKeptAcrossRepositoriesOfOneDatabase() {
    TestDatabase db = TestDatabase.create("InstallationOnce");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    assertThat(count(jdbc)).as("not created by the migration").isZero();

    UUID first = new InstallationRepository(db.dataSource()).id();
    UUID again = new InstallationRepository(db.dataSource()).id();

    assertThat(again).isEqualTo(first);
    assertThat(count(jdbc)).isEqualTo(1);
  }

  @Test
  void everyDatabaseClonedFromTheTemplateIsAnInstallationOfItsOwn() {
    InstallationRepository one = new InstallationRepository(TestDatabase.create("A").dataSource());
    InstallationRepository two = new InstallationRepository(TestDatabase.create("B").dataSource());

    assertThat(one.id()).isNotEqualTo(two.id());
    assertThat(one.shortId()).isNotEqualTo(two.shortId());
  }

  @Test
  void theShortIdIsTheFirstTwelveHexDigits() {
    UUID id = UUID.fromString("3F2A9C1E-7B4D-4a1b-9c2d-0123456789ab");

    assertThat(InstallationRepository.shortForm(id)).isEqualTo("3f2a9c1e7b4d");
    InstallationRepository repository =
        new InstallationRepository(TestDatabase.create("ShortId").dataSource());
    assertThat(repository.shortId())
        .matches("[0-9a-f]{12}")
        .isEqualTo(InstallationRepository.shortForm(repository.id()));
  }

  @Test
  void concurrentFirstUsesAgreeOnOneId() throws Exception {
    TestDatabase db = TestDatabase.create("InstallationRace");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<UUID>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> new InstallationRepository(db.dataSource()).id());
      }
      Set<UUID> ids = new HashSet<>();
      for (Future<UUID> f : pool.invokeAll(calls)) {
        ids.add(f.get());
      }
      assertThat(ids).hasSize(1);
      assertThat(count(JdbcClient.create(db.dataSource()))).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  private static long count(JdbcClient jdbc) {
    return jdbc.sql("SELECT count(*) FROM installation").query(Long.class).single();
  }
}
