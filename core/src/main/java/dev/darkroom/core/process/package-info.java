/**
 * Child processes that must not outlive the server (embedded PostgreSQL, the Temporal dev server)
 * and the leftovers of a server that was killed: the data-directory lock, pid files, starting
 * children so that they die with the JVM, and finding and stopping orphans at start-up.
 */
@NullMarked
package dev.darkroom.core.process;

import org.jspecify.annotations.NullMarked;
