package io.github.specfirst.intune.assignments;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * gen/vectors.gen.json, the contract suite's server cases as data: what each
 * step sends and what its answer must be. docs/other-languages.md describes
 * the format.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record VectorFile(
    String specRoot, String basePath, List<String> emulatorArgs, Map<String, List<String>> tokens,
    List<JsonNode> cases) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The file at {@code $INTUNE_VECTORS}, else gen/vectors.gen.json of the repository. */
  static VectorFile read() throws IOException {
    String given = System.getenv("INTUNE_VECTORS");
    Path path = given == null || given.isEmpty()
        ? Emulator.repoRoot().resolve("gen").resolve("vectors.gen.json")
        : Path.of(given);
    return JSON.readValue(path.toFile(), VectorFile.class);
  }

  /** The cases, in the order they must run. */
  List<Case> parsedCases() throws IOException {
    List<Case> out = new ArrayList<>();
    for (JsonNode c : cases) {
      out.add(new Case(
          c.path("name").asText(),
          steps(c.path("setup")),
          JSON.treeToValue(c, Step.class),
          steps(c.path("then"))));
    }
    return out;
  }

  private static List<Step> steps(JsonNode array) throws IOException {
    List<Step> out = new ArrayList<>();
    for (JsonNode s : array) {
      out.add(JSON.treeToValue(s, Step.class));
    }
    return out;
  }

  /** A case: its set-up steps, the step under test, then the steps that check what it did. */
  record Case(String name, List<Step> setup, Step step, List<Step> then) {}

  /**
   * One request and its expected answer. {@code valid} is false for a request
   * that breaks the spec on purpose, which a typed client cannot build.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Step(
      String operationId, String method, String path, Map<String, String> pathParams,
      Map<String, JsonNode> query, Map<String, String> headers, String token, boolean valid,
      String contentType, JsonNode body, Expect expect) {

    Map<String, String> headersOrNone() {
      return headers == null ? Map.of() : headers;
    }

    Map<String, JsonNode> queryOrNone() {
      return query == null ? Map.of() : query;
    }
  }

  /** The expected answer: status, named headers, and a body compared under the mayDiffer rules. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Expect(int status, String mediaType, JsonNode body, List<String> headers, List<Rule> mayDiffer) {
    List<String> headersOrNone() {
      return headers == null ? List.of() : headers;
    }

    List<Rule> mayDifferOrNone() {
      return mayDiffer == null ? List.of() : mayDiffer;
    }
  }

  /** Where the answer may differ from the expected body (an RFC 6901 pointer), and how. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Rule(String pointer, String rule, JsonNode value) {}
}
