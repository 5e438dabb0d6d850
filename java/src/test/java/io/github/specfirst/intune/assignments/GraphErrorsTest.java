package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.specfirst.intune.assignments.api.EnrollmentConfigurationAssignmentsApi;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignment;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graph's error answers come out of the generated client as a typed GraphException. */
class GraphErrorsTest extends EmulatorTest {
  private static final String UNKNOWN_CONFIGURATION = "e0b1c2d3-0000-4000-8000-000000000000_Unknown";

  private EnrollmentConfigurationAssignmentsApi writer;

  @BeforeAll
  void connect() throws Exception {
    writer = new EnrollmentConfigurationAssignmentsApi(emulator.writer());
  }

  @Test
  void notFound() {
    GraphException e = assertThrows(GraphException.class, () -> GraphErrors.call(() ->
        writer.listAssignments(UNKNOWN_CONFIGURATION, null, null, null, null, null, null)));
    assertGraphError(e, 404, "ResourceNotFound");
    assertTrue(e.getErrorMessage().contains(UNKNOWN_CONFIGURATION), e.getErrorMessage());
  }

  @Test
  void badRequestForAMalformedFilter() {
    GraphException e = assertThrows(GraphException.class, () -> GraphErrors.call(() ->
        writer.listAssignments(Emulator.CONFIGURATION_ID, null, null, null, "id eq", null, null)));
    assertGraphError(e, 400, "BadRequest");
  }

  @Test
  void badRequestForTopOutOfRange() {
    GraphException e = assertThrows(GraphException.class, () -> GraphErrors.call(() ->
        writer.listAssignments(Emulator.CONFIGURATION_ID, 0, null, null, null, null, null)));
    assertGraphError(e, 400, "BadRequest");
  }

  @Test
  void forbiddenForAWriteWithTheReadScope() throws Exception {
    EnrollmentConfigurationAssignmentsApi reader =
        new EnrollmentConfigurationAssignmentsApi(emulator.client(emulator.token(Emulator.READ_SCOPE)));
    EnrollmentConfigurationAssignment body =
        new EnrollmentConfigurationAssignment().target(TargetKind.ALL_DEVICES.build(true));

    GraphException e = assertThrows(GraphException.class, () -> GraphErrors.call(() ->
        reader.createAssignment(Emulator.CONFIGURATION_ID, body)));
    assertGraphError(e, 403, "Forbidden");
    assertTrue(e.getErrorMessage().contains(Emulator.WRITE_SCOPE), e.getErrorMessage());
  }

  @Test
  void unauthorizedForATokenTheEmulatorDidNotSign() {
    EnrollmentConfigurationAssignmentsApi stranger =
        new EnrollmentConfigurationAssignmentsApi(emulator.client("not.a.token"));
    GraphException e = assertThrows(GraphException.class, () -> GraphErrors.run(() ->
        stranger.deleteAssignment(Emulator.CONFIGURATION_ID, "a")));
    assertGraphError(e, 401, "InvalidAuthenticationToken");
  }

  @Test
  void aBodyThatIsNotGraphsStaysAnApiException() {
    HttpHeaders none = HttpHeaders.of(Map.of(), (k, v) -> true);
    ApiException proxy = new ApiException("bad gateway", 502, none, "<html>Bad Gateway</html>");
    assertSame(proxy, GraphErrors.decode(proxy));

    ApiException noCode = new ApiException("odd", 500, none, "{\"error\":{\"message\":\"no code\"}}");
    assertSame(noCode, GraphErrors.decode(noCode));
  }

  @Test
  void anErrorDatedWithoutAZoneIsStillDecoded() {
    // Graph often writes innerError.date without a zone.
    HttpHeaders none = HttpHeaders.of(Map.of(), (k, v) -> true);
    ApiException e = new ApiException("throttled", 429, none,
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Too many requests.\","
            + "\"innerError\":{\"request-id\":\"r\",\"date\":\"2026-01-15T10:20:30\"}}}");
    GraphException graph = assertInstanceOf(GraphException.class, GraphErrors.decode(e));
    assertEquals("TooManyRequests", graph.getErrorCode());
    assertEquals("2026-01-15T10:20:30", graph.getError().getInnerError().getDate());
  }

  private static void assertGraphError(GraphException e, int status, String code) {
    assertEquals(status, e.getStatus());
    // Still the generated exception, with the status where it puts it.
    assertInstanceOf(ApiException.class, e);
    assertEquals(status, e.getCode());
    assertEquals(code, e.getErrorCode());
    assertNotNull(e.getErrorMessage());
    assertFalse(e.getErrorMessage().isBlank());
    assertNotNull(e.getRequestId(), "innerError.request-id");
    assertTrue(e.getMessage().startsWith(status + " " + code + ": "), e.getMessage());
  }
}
