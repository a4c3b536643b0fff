package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Spring Batch's own PostgreSQL schema, run from the script inside the Spring Batch jar on the
 * class path, so the tables always match the Batch version Darkroom runs with. Lives in batch-jobs
 * because core must not know Spring Batch.
 */
public class V2__spring_batch_schema extends BaseJavaMigration {

  static final String SCRIPT = "org/springframework/batch/core/schema-postgresql.sql";

  @Override
  public void migrate(Context context) {
    ScriptUtils.executeSqlScript(context.getConnection(), new ClassPathResource(SCRIPT));
  }
}
