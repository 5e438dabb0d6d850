package io.github.specfirst.intune.assignments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An answer as the runner compares it: the status, the headers, and the body
 * after it was decoded into the generated types and encoded again
 * ({@code json}), or read as the generated count ({@code count}).
 */
record VectorAnswer(int status, Map<String, List<String>> headers, String raw, JsonNode json, Long count) {
  VectorAnswer {
    // Header names are case-insensitive.
    Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    byName.putAll(headers);
    headers = byName;
  }

  /** The first value of the header, or null. */
  String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
