package dev.darkroom.web.api;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Marks the properties of a record whose components are JSpecify-{@link Nullable} as nullable in
 * the OpenAPI document (3.1: {@code "null"} among the types), and only those: a client can trust
 * every other property to be present. Swagger does not see JSpecify's type-use annotations.
 */
final class NullableComponents implements ModelConverter {

  @Override
  public @Nullable Schema resolve(
      AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
    Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
    if (resolved == null) {
      return null;
    }
    JavaType javaType = Json.mapper().constructType(type.getType());
    Class<?> raw = javaType.getRawClass();
    if (raw == null || !raw.isRecord()) {
      return resolved;
    }
    Schema<?> model = resolved;
    if (resolved.get$ref() != null) {
      String name = resolved.get$ref().substring(resolved.get$ref().lastIndexOf('/') + 1);
      model = context.getDefinedModels().get(name);
    }
    if (model == null || model.getProperties() == null) {
      return resolved;
    }
    Map<String, Schema> properties = model.getProperties();
    for (RecordComponent component : raw.getRecordComponents()) {
      if (!component.getAnnotatedType().isAnnotationPresent(Nullable.class)
          && !component
              .getAccessor()
              .getAnnotatedReturnType()
              .isAnnotationPresent(Nullable.class)) {
        continue;
      }
      Schema<?> property = properties.get(component.getName());
      if (property != null) {
        properties.put(component.getName(), nullable(property));
      }
    }
    return resolved;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema nullable(Schema property) {
    if (property.get$ref() != null) {
      Schema either = new Schema();
      either.setAnyOf(new ArrayList<>(List.of(property, ApiDocumentTruths.nullSchema())));
      return either;
    }
    if (property.getTypes() != null && !property.getTypes().isEmpty()) {
      property.addType("null");
    } else if (property.getType() != null) {
      property.addType(property.getType());
      property.addType("null");
    }
    property.setNullable(true);
    return property;
  }
}
