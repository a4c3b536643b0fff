package dev.darkroom.web.lineage;

import dev.darkroom.core.lineage.Lineage;
import dev.darkroom.core.lineage.LineageRepository;
import dev.darkroom.core.lineage.UnknownArtifactException;
import dev.darkroom.web.catalog.JsonValues;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;

/** The lineage view: "why is this tagged like that?". */
@Controller
class LineagePageController {

  static final String LINEAGE_VIEW = "lineage/artifact";
  static final String NOT_FOUND_VIEW = "catalog/not-found";

  private final LineageRepository lineage;

  LineagePageController(LineageRepository lineage) {
    this.lineage = lineage;
  }

  @GetMapping("/artifacts/{id}/lineage")
  String lineage(@PathVariable long id, Model model) {
    Lineage found = lineage.lineage(id);
    model.addAttribute("lineage", found);
    model.addAttribute("artifact", found.artifact());
    model.addAttribute("parameters", JsonValues.pretty(found.parametersJson()));
    model.addAttribute(
        "value",
        Optional.ofNullable(found.artifact().inlineJson()).map(JsonValues::pretty).orElse(null));
    model.addAttribute(
        "image",
        !found.artifact().inline()
            && found.artifact().mediaType() != null
            && found.artifact().mediaType().startsWith("image/"));
    return LINEAGE_VIEW;
  }

  @ExceptionHandler(UnknownArtifactException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String unknown(UnknownArtifactException e, Model model) {
    model.addAttribute("message", e.getMessage());
    return NOT_FOUND_VIEW;
  }
}
