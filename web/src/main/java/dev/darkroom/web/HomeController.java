package dev.darkroom.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard starts at the runs list. */
@Controller
class HomeController {

  @GetMapping("/")
  String home() {
    return "redirect:/runs";
  }
}
