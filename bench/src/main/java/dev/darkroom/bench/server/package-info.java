/** The server benchmark: first artifact after POST /api/runs and the server's memory. */
@NullMarked
package dev.darkroom.bench.server;

import org.jspecify.annotations.NullMarked;
