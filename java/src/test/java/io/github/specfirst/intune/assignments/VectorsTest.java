package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared contract vectors (gen/vectors.gen.json) through the generated
 * client: every case against the emulator must pass, and the same runner
 * against the emulator broken on purpose must fail exactly the cases the
 * break touches, which shows that the comparison bites.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VectorsTest {

  /**
   * The breaks of the broken emulator, each with the expected bodies it shows
   * in. bare-type: every @odata.type in every answer, at any depth, loses its
   * '#'; the bare name decodes into the same generated class, so only the
   * comparison of the re-encoded body can catch it. drop-target:
   * single-assignment answers (not the lists) lose their target.
   */
  static Stream<Arguments> breaks() {
    Predicate<JsonNode> hasType = body -> !body.findValues("@odata.type").isEmpty();
    Predicate<JsonNode> hasTarget = body -> body.has("target");
    return Stream.of(Arguments.of("bare-type", hasType), Arguments.of("drop-target", hasTarget));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("breaks")
  @Order(1)
  void failsExactlyWhereTheBreakShows(String breakName, Predicate<JsonNode> shows) throws Exception {
    VectorFile file = VectorFile.read();
    Set<String> touched = casesExpecting(file, shows);
    assertTrue(touched.size() > 0, "no case expects a body the break " + breakName + " changes");

    Set<String> failed;
    try (Emulator broken = Emulator.startBroken(breakName, file.emulatorArgs().toArray(String[]::new))) {
      failed = new TreeSet<>(runner(file, broken).runAll(file.parsedCases()).failed().keySet());
    }
    System.out.println("against the emulator broken by " + breakName + ": "
        + failed.size() + " of " + file.cases().size() + " cases fail; the break shows in " + touched.size());
    assertEquals(touched, failed);
  }

  // Last, so that its closing line is the last one the run prints.
  @Test
  @Order(3)
  void everyCasePassesAgainstTheEmulator() throws Exception {
    VectorFile file = VectorFile.read();
    VectorRunner.Result result;
    try (Emulator emulator = Emulator.start(file.emulatorArgs().toArray(String[]::new))) {
      result = runner(file, emulator).runAll(file.parsedCases());
    }
    result.failed().forEach((name, problem) -> System.out.println("FAIL " + name + ": " + problem));
    System.out.println(result.summary());
    assertEquals(file.cases().size(), result.passed().size() + result.failed().size());
    assertTrue(result.failed().isEmpty(), result.summary() + ": " + result.failed().keySet());
  }

  private static VectorRunner runner(VectorFile file, Emulator emulator) throws Exception {
    Map<String, String> tokens = new HashMap<>();
    for (Map.Entry<String, List<String>> kind : file.tokens().entrySet()) {
      tokens.put(kind.getKey(), emulator.token(String.join(" ", kind.getValue())));
    }
    return new VectorRunner(file.specRoot(), emulator.baseUrl(), tokens);
  }

  /** The cases with a step whose expected JSON body matches. */
  private static Set<String> casesExpecting(VectorFile file, Predicate<JsonNode> matches) throws Exception {
    Set<String> names = new TreeSet<>();
    for (VectorFile.Case c : file.parsedCases()) {
      List<VectorFile.Step> steps = new ArrayList<>(c.setup());
      steps.add(c.step());
      steps.addAll(c.then());
      for (VectorFile.Step s : steps) {
        JsonNode body = s.expect().body();
        if (body != null && body.isObject() && matches.test(body)) {
          names.add(c.name());
        }
      }
    }
    return names;
  }
}
