/** Where the command line finds its server: the config file, login and the environment. */
@NullMarked
package dev.darkroom.cli.config;

import org.jspecify.annotations.NullMarked;
