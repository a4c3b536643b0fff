package dev.darkroom.web.duplicates;

import dev.darkroom.core.duplicates.ClusterMember;
import dev.darkroom.core.duplicates.DuplicateCluster;
import dev.darkroom.web.catalog.Paging;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The duplicates page: near-duplicate clusters with their members' thumbnails side by side and what
 * differs between them highlighted, then the exact copies the catalog knows.
 */
@Controller
class DuplicatesPageController {

  static final String VIEW = "duplicates/list";
  static final int CLUSTERS_PER_PAGE = 20;

  private final DuplicateListing listing;

  DuplicatesPageController(DuplicateListing listing) {
    this.listing = listing;
  }

  /** A cluster and which of its members' properties differ. */
  record ClusterRow(DuplicateCluster cluster, List<String> differences) {}

  @GetMapping("/duplicates")
  String list(
      @RequestParam(required = false) @Nullable Long run,
      @RequestParam(required = false) @Nullable String after,
      Model model) {
    var page = listing.clusters(run, CLUSTERS_PER_PAGE, Paging.after(after, 0));
    model.addAttribute(
        "clusters",
        page.items().stream().map(c -> new ClusterRow(c, differences(c.members()))).toList());
    model.addAttribute("next", page.next());
    model.addAttribute("run", run);
    model.addAttribute("clusterCount", listing.clusterCount(run));
    model.addAttribute("exact", listing.exact(CLUSTERS_PER_PAGE, 0).items());
    model.addAttribute("exactCount", listing.exactCount());
    return VIEW;
  }

  /** The properties whose values are not the same for every member. */
  static List<String> differences(List<ClusterMember> members) {
    return Stream.of(
            differs(members, "format", ClusterMember::mediaType),
            differs(members, "size", ClusterMember::sizeBytes),
            differs(members, "dimensions", m -> m.width() + "x" + m.height()),
            differs(members, "date", ClusterMember::capturedAt))
        .filter(Objects::nonNull)
        .toList();
  }

  private static @Nullable String differs(
      List<ClusterMember> members, String name, Function<ClusterMember, @Nullable Object> value) {
    return members.stream().map(value).distinct().count() > 1 ? name : null;
  }
}
