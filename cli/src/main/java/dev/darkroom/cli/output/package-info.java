/** Tables, JSON and progress bars, sized to the terminal. */
@NullMarked
package dev.darkroom.cli.output;

import org.jspecify.annotations.NullMarked;
