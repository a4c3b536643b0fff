package dev.darkroom.web.collections;

import dev.darkroom.core.asset.AssetSearchRepository;
import dev.darkroom.core.collection.AssetCollection;
import dev.darkroom.core.collection.CollectionInUseException;
import dev.darkroom.core.collection.CollectionRepository;
import dev.darkroom.core.collection.InvalidCollectionException;
import dev.darkroom.core.collection.UnknownCollectionException;
import dev.darkroom.core.query.AssetQuery;
import dev.darkroom.core.query.QueryParseException;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The collections page: the list, a create form whose query shows how many assets it matches as you
 * type (htmx, {@code /collections/preview}), and delete buttons.
 */
@Controller
class CollectionPageController {

  static final String LIST_VIEW = "collections/list";
  static final String PREVIEW_FRAGMENT = "collections/preview :: preview";
  static final int LIST_SIZE = 200;

  private final CollectionRepository collections;
  private final CollectionCreation creation;
  private final AssetSearchRepository assets;

  CollectionPageController(
      CollectionRepository collections, CollectionCreation creation, AssetSearchRepository assets) {
    this.collections = collections;
    this.creation = creation;
    this.assets = assets;
  }

  @GetMapping("/collections")
  String list(@RequestParam(required = false) @Nullable String query, Model model) {
    if (!model.containsAttribute("form")) {
      model.addAttribute("form", CollectionForm.empty(query));
    }
    model.addAttribute("collections", collections.list(Long.MAX_VALUE, LIST_SIZE));
    return LIST_VIEW;
  }

  /** The count preview fragment: how many assets the query matches, or where it goes wrong. */
  @GetMapping("/collections/preview")
  String preview(@RequestParam(defaultValue = "") String query, Model model) {
    model.addAttribute("previewQuery", query);
    try {
      model.addAttribute("previewCount", assets.count(AssetQuery.parse(query)));
    } catch (QueryParseException e) {
      model.addAttribute("previewError", e.getMessage());
    }
    return PREVIEW_FRAGMENT;
  }

  @PostMapping("/collections")
  String create(
      @ModelAttribute("form") CollectionForm form,
      Model model,
      HttpServletResponse response,
      RedirectAttributes redirect) {
    try {
      AssetCollection created = creation.create(form.toRequest());
      redirect.addFlashAttribute(
          "message",
          "Created collection '" + created.name() + "' (" + created.memberCount() + " assets)");
      return "redirect:/collections";
    } catch (InvalidCollectionException | QueryParseException e) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      model.addAttribute("formError", e.getMessage());
      model.addAttribute("collections", collections.list(Long.MAX_VALUE, LIST_SIZE));
      return LIST_VIEW;
    }
  }

  @PostMapping("/collections/{id}/delete")
  String delete(@PathVariable long id, RedirectAttributes redirect) {
    try {
      collections.delete(id);
      redirect.addFlashAttribute("message", "Deleted collection " + id);
    } catch (UnknownCollectionException | CollectionInUseException e) {
      redirect.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/collections";
  }
}
