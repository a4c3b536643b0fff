package dev.darkroom.web.runs;

import java.util.List;

/**
 * The launchers the new-run form offers: the ones this server has configured, in name order, and
 * the one a run gets when it names none ({@code darkroom.runs.default-launcher}).
 */
record LauncherChoices(String defaultName, List<String> names) {

  LauncherChoices {
    names = names.stream().sorted().toList();
  }
}
