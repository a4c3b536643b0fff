package dev.darkroom.web.runs;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A JSON integer that fits an {@code int}, nothing else: Jackson by default truncates {@code 2.5}
 * to 2 and takes {@code 1e3} and {@code "100"}, so a sample count of 2.5 would quietly become 2.
 * Anything else is refused with the field's path ({@code policy.sampleCount}).
 */
final class WholeNumber extends ValueDeserializer<Integer> {

  @Override
  public Integer deserialize(JsonParser parser, DeserializationContext context) {
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() == JsonParser.NumberType.INT) {
      return parser.getIntValue();
    }
    return (Integer) context.handleUnexpectedToken(Integer.class, parser);
  }
}
