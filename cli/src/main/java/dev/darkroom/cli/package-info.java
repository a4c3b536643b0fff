/** The darkroom command line: a client of the server's REST API (picocli). */
@NullMarked
package dev.darkroom.cli;

import org.jspecify.annotations.NullMarked;
