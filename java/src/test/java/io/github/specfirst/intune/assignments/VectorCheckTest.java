package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each may-differ rule lets through what it allows, and nothing else. */
class VectorCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOT = "http://127.0.0.1:1234/beta";
  private final VectorCheck check = new VectorCheck("https://graph.microsoft.com/beta", ROOT);

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(delimiter = '|', value = {
      // rule | expected body | answer body | passes
      "guid | {\"id\":\"x\"} | {\"id\":\"705b021c-021c-705b-1c02-5b701c025b70\"} | true",
      "guid | {\"id\":\"x\"} | {\"id\":\"not-a-guid\"} | false",
      "guid | {\"id\":\"x\"} | {} | false",
      "rootUrl | {\"u\":\"https://graph.microsoft.com/beta/a?$skip=2\"} | {\"u\":\"http://127.0.0.1:1234/beta/a?$skip=2\"} | true",
      "rootUrl | {\"u\":\"https://graph.microsoft.com/beta/a?$skip=2\"} | {\"u\":\"http://127.0.0.1:1234/beta/a?$skip=3\"} | false",
      "metadataUrl | {\"u\":\"x\"} | {} | true",
      "metadataUrl | {\"u\":\"x\"} | {\"u\":\"http://127.0.0.1:1234/beta/$metadata#a\"} | true",
      "metadataUrl | {\"u\":\"x\"} | {\"u\":\"https://graph.microsoft.com/beta/$metadata#a\"} | false",
      "requestId | {\"u\":\"x\"} | {\"u\":\"rid-1\"} | true",
      "requestId | {\"u\":\"x\"} | {\"u\":\"rid-2\"} | false",
      "dateTime | {\"u\":\"x\"} | {\"u\":\"2026-01-15T10:20:30Z\"} | true",
      "dateTime | {\"u\":\"x\"} | {\"u\":\"2026-01-15T10:20:30\"} | false",
      "nonEmpty | {\"u\":\"x\"} | {\"u\":\"y\"} | true",
      "nonEmpty | {\"u\":\"x\"} | {\"u\":\"\"} | false",
      "default | {\"u\":\"direct\"} | {} | true",
      "default | {\"u\":\"direct\"} | {\"u\":\"direct\"} | true",
      "default | {\"u\":\"direct\"} | {\"u\":\"policySets\"} | false",
      "any | {\"u\":1} | {\"u\":[2]} | true",
      "any | {\"u\":1,\"v\":2} | {\"v\":3} | false",
  })
  void rule(String rule, String expected, String answer, boolean passes) throws Exception {
    String pointer = rule.equals("guid") ? "/id" : "/u";
    JsonNode value = rule.equals("default") ? JSON.readTree("\"direct\"") : null;
    VectorFile.Expect expect = new VectorFile.Expect(
        200, "application/json", JSON.readTree(expected), null, List.of(new VectorFile.Rule(pointer, rule, value)));
    List<String> problems = check.problems(expect, answer(JSON.readTree(answer)));
    assertEquals(passes, problems.isEmpty(), problems.toString());
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\":1,\"b\":[1,2]} | {\"b\":[1,2],\"a\":1.0} | true",
      "{\"a\":[1,2]} | {\"a\":[2,1]} | false",
      "{\"a\":{\"b\":null}} | {\"a\":{}} | false",
      "{\"a\":\"#x\"} | {\"a\":\"x\"} | false",
  })
  void bodiesCompareAsJsonValues(String expected, String answer, boolean passes) throws Exception {
    VectorFile.Expect expect = new VectorFile.Expect(200, "application/json", JSON.readTree(expected), null, null);
    assertEquals(passes, check.problems(expect, answer(JSON.readTree(answer))).isEmpty());
  }

  @ParameterizedTest(name = "status {0}, headers {1}")
  @CsvSource(delimiter = '|', value = {"404 | Retry-After", "429 | Missing-Header"})
  void statusAndHeadersComeFirst(int status, String header) {
    VectorFile.Expect expect = new VectorFile.Expect(429, null, null, List.of(header), null);
    List<String> problems = check.problems(expect, new VectorAnswer(status,
        Map.of("retry-after", List.of("10")), "", null, null));
    assertTrue(!problems.isEmpty(), "a wrong status or a missing header must fail");
  }

  private static final String CREATED = "{\"id\":\"1\",\"status\":201,\"body\":{\"id\":\"705b021c-021c-705b-1c02-5b701c025b70\"}}";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "{\"responses\":[" + CREATED + ",{\"id\":\"2\",\"status\":204}]} | true",
      "{\"responses\":[{\"id\":\"2\",\"status\":204}," + CREATED + "]} | true",
      "{\"responses\":[{\"id\":\"2\",\"status\":204}]} | false",
      "{\"responses\":[{\"id\":\"2\",\"status\":200}," + CREATED + "]} | false",
      "{\"responses\":[{\"id\":\"2\",\"status\":204},{\"id\":\"1\",\"status\":201,\"body\":{\"id\":\"x\"}}]} | false",
      "{\"responses\":[{\"id\":2,\"status\":204}," + CREATED + "]} | false",
      "{\"responses\":{}} | false",
  })
  void anyOrderLetsTheItemsComeInAnyOrderOnly(String answer, boolean passes) throws Exception {
    VectorFile.Expect expect = new VectorFile.Expect(200, "application/json",
        JSON.readTree("{\"responses\":[{\"id\":\"1\",\"status\":201,\"body\":{\"id\":\"x\"}},{\"id\":\"2\",\"status\":204}]}"),
        null, List.of(new VectorFile.Rule("/responses", "anyOrder", JSON.readTree("\"id\"")),
            new VectorFile.Rule("/responses/0/body/id", "guid", null)));
    List<String> problems = check.problems(expect, answer(JSON.readTree(answer)));
    assertEquals(passes, problems.isEmpty(), problems.toString());
  }

  private static VectorAnswer answer(JsonNode body) {
    return new VectorAnswer(200, Map.of("content-type", List.of("application/json"), "request-id", List.of("rid-1")),
        body.toString(), body, null);
  }
}
