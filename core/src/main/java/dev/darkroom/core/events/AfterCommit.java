package dev.darkroom.core.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Publishes an event once the current transaction has committed: never for a rolled-back one. Out
 * of a transaction (auto-commit: the statement has committed already) it publishes at once. Never
 * throws: a failing publisher is logged, because the commit it follows has already happened.
 */
public final class AfterCommit {

  private static final Logger log = LoggerFactory.getLogger(AfterCommit.class);

  private AfterCommit() {}

  public static void publish(RunEvents events, RunEvent event) {
    if (TransactionSynchronizationManager.isActualTransactionActive()
        && TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              publishQuietly(events, event);
            }
          });
    } else {
      publishQuietly(events, event);
    }
  }

  private static void publishQuietly(RunEvents events, RunEvent event) {
    try {
      events.publish(event);
    } catch (RuntimeException e) {
      log.warn("Could not publish {}: {}", event, e.toString());
    }
  }
}
