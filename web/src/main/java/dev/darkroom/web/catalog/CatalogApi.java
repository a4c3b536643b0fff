package dev.darkroom.web.catalog;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the REST controllers of the catalog features, so that {@link CatalogApiProblemHandler}
 * answers their bad input with problem details, and not the pages' controllers in the same packages
 * (a browser gets an error page there).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CatalogApi {}
