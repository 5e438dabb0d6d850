package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.specfirst.intune.assignments.api.EnrollmentConfigurationAssignmentsApi;
import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.model.AssignRequest;
import io.github.specfirst.intune.assignments.model.AssignmentTarget;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignment;
import io.github.specfirst.intune.assignments.model.GroupAssignmentTarget;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The polymorphic target: each of the six types, in both spellings of its
 * name, comes back as its own generated class, through the generated
 * AssignmentTarget wrapper that dispatches on {@code @odata.type}.
 */
class TargetTypesTest extends EmulatorTest {
  private final ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
  private EnrollmentConfigurationAssignmentsApi api;

  @BeforeAll
  void connect() throws Exception {
    api = new EnrollmentConfigurationAssignmentsApi(emulator.writer());
  }

  @BeforeEach
  void empty() throws Exception {
    GraphErrors.run(() -> api.assign(Emulator.CONFIGURATION_ID, new AssignRequest()));
  }

  @ParameterizedTest(name = "{0}, hashed={1}")
  @MethodSource("io.github.specfirst.intune.assignments.TargetKind#bothSpellings")
  void decodesEachSpellingIntoItsClass(TargetKind kind, boolean hashed) throws Exception {
    EnrollmentConfigurationAssignment read = mapper.readValue(
        "{\"id\":\"a\",\"target\":" + kind.json(hashed) + "}", EnrollmentConfigurationAssignment.class);

    assertSame(kind.type, read.getTarget().getActualInstance().getClass());
    // Encoding keeps the spelling that was read.
    JsonNode again = mapper.readTree(mapper.writeValueAsString(read));
    assertEquals(kind.name(hashed), again.at("/target/@odata.type").asText());
  }

  @ParameterizedTest(name = "{0}, hashed={1}")
  @MethodSource("io.github.specfirst.intune.assignments.TargetKind#bothSpellings")
  void createdTargetReadsBackAsItsClass(TargetKind kind, boolean hashed) throws Exception {
    EnrollmentConfigurationAssignment created = GraphErrors.call(() -> api.createAssignment(
        Emulator.CONFIGURATION_ID, new EnrollmentConfigurationAssignment().target(kind.build(hashed))));
    assertTyped(kind, created.getTarget());

    EnrollmentConfigurationAssignment got =
        GraphErrors.call(() -> api.getAssignment(Emulator.CONFIGURATION_ID, created.getId(), null));
    assertTyped(kind, got.getTarget());

    List<EnrollmentConfigurationAssignment> listed = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, null, null, null, null, null, null)).getValue();
    assertEquals(1, listed.size());
    assertTyped(kind, listed.get(0).getTarget());
  }

  @Test
  void everyKindInOneAssignReadsBackInOrder() throws Exception {
    AssignRequest request = new AssignRequest();
    for (TargetKind kind : TargetKind.values()) {
      request.addEnrollmentConfigurationAssignmentsItem(
          new EnrollmentConfigurationAssignment().target(kind.build(kind.ordinal() % 2 == 0)));
    }
    GraphErrors.run(() -> api.assign(Emulator.CONFIGURATION_ID, request));

    List<EnrollmentConfigurationAssignment> listed = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, null, null, null, null, null, null)).getValue();
    assertEquals(TargetKind.values().length, listed.size());
    for (TargetKind kind : TargetKind.values()) {
      assertTyped(kind, listed.get(kind.ordinal()).getTarget());
    }
  }

  @Test
  void nonAsciiTextSurvivesTheRoundTrip() throws Exception {
    // The generated client reads answers with the JVM's default charset, which
    // on Java 17 follows the locale: the pom runs the tests with UTF-8.
    String groupId = "Gruppe Zürich 東京";
    EnrollmentConfigurationAssignment created = GraphErrors.call(() -> api.createAssignment(
        Emulator.CONFIGURATION_ID, new EnrollmentConfigurationAssignment().target(new AssignmentTarget(
            new GroupAssignmentTarget().atOdataType(GroupAssignmentTarget.AtOdataTypeEnum.GroupAssignmentTargetOdataTypeHashed)
                .groupId(groupId)))));
    assertEquals(groupId, created.getTarget().getGroupAssignmentTarget().getGroupId());
  }

  @Test
  void unknownTypeIsNotDecoded() {
    // The discriminator knows twelve names; anything else is an error, not a
    // target of some guessed type or a map. The generated deserializer logs a
    // warning on its way to that error: expected here, so kept off the output.
    Logger log = Logger.getLogger(AssignmentTarget.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.SEVERE);
    try {
      assertThrows(Exception.class, () -> mapper.readValue(
          "{\"target\":{\"@odata.type\":\"#microsoft.graph.somethingElse\"}}", EnrollmentConfigurationAssignment.class));
    } finally {
      log.setLevel(level);
    }
  }

  /** The target is the kind's generated class, with the canonical (hashed) name the service writes. */
  private static void assertTyped(TargetKind kind, AssignmentTarget target) throws Exception {
    assertNotNull(target, "target");
    Object actual = target.getActualInstance();
    assertSame(kind.type, actual.getClass());
    Object name = actual.getClass().getMethod("getAtOdataType").invoke(actual);
    assertEquals(kind.name(true), name.toString());
    switch (kind) {
      case GROUP -> assertEquals(TargetKind.GROUP_ID, target.getGroupAssignmentTarget().getGroupId());
      case EXCLUSION_GROUP -> assertEquals(TargetKind.GROUP_ID, target.getExclusionGroupAssignmentTarget().getGroupId());
      case CONFIGURATION_MANAGER_COLLECTION -> assertEquals(
          TargetKind.COLLECTION_ID, target.getConfigurationManagerCollectionAssignmentTarget().getCollectionId());
      default -> { }
    }
  }
}
