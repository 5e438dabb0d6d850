package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.specfirst.intune.assignments.api.EnrollmentConfigurationAssignmentsApi;
import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.AssignRequest;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignment;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignmentCollectionResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** $count as an integer and paging through @odata.nextLink, against the emulator. */
class ListingTest extends EmulatorTest {
  // Kinds in the order they are assigned: three of them are groups for
  // isof(target, 'microsoft.graph.groupAssignmentTarget'), as an excluded
  // group is a group.
  private static final List<TargetKind> KINDS = List.of(
      TargetKind.ALL_DEVICES, TargetKind.GROUP, TargetKind.EXCLUSION_GROUP, TargetKind.ALL_LICENSED_USERS,
      TargetKind.GROUP, TargetKind.CONFIGURATION_MANAGER_COLLECTION, TargetKind.BASE);
  private static final String GROUPS = "isof(target, 'microsoft.graph.groupAssignmentTarget')";

  private ApiClient client;
  private EnrollmentConfigurationAssignmentsApi api;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  void fill() throws Exception {
    client = emulator.writer();
    client.setResponseInterceptor(response -> requests.incrementAndGet());
    api = new EnrollmentConfigurationAssignmentsApi(client);
    AssignRequest request = new AssignRequest();
    for (int i = 0; i < KINDS.size(); i++) {
      request.addEnrollmentConfigurationAssignmentsItem(
          new EnrollmentConfigurationAssignment().target(KINDS.get(i).build(i % 2 == 0)));
    }
    GraphErrors.run(() -> api.assign(Emulator.CONFIGURATION_ID, request));
  }

  @Test
  void countIsAnInteger() throws Exception {
    Object all = GraphErrors.call(() -> api.countAssignments(Emulator.CONFIGURATION_ID, null));
    assertInstanceOf(Long.class, all);
    assertEquals((long) KINDS.size(), all);

    Long groups = GraphErrors.call(() -> api.countAssignments(Emulator.CONFIGURATION_ID, GROUPS));
    assertEquals(3L, groups);
  }

  @Test
  void odataCountCoversEveryPage() throws Exception {
    EnrollmentConfigurationAssignmentCollectionResponse page = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, 2, null, null, GROUPS, null, true));
    assertEquals(3L, page.getAtOdataCount());
    assertEquals(2, page.getValue().size());
  }

  @Test
  void pagingFollowsNextLinkToTheEnd() throws Exception {
    List<String> ids = new ArrayList<>();
    for (EnrollmentConfigurationAssignment a : GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, null, null, null, null, null, null)).getValue()) {
      ids.add(a.getId());
    }
    assertEquals(KINDS.size(), ids.size());

    requests.set(0);
    EnrollmentConfigurationAssignmentCollectionResponse first = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, 2, null, null, null, null, null));
    assertNotNull(first.getAtOdataNextLink());
    List<EnrollmentConfigurationAssignment> all = AssignmentPages.readAll(client, first);

    List<String> paged = all.stream().map(EnrollmentConfigurationAssignment::getId).toList();
    assertEquals(ids, paged);
    // 7 assignments, 2 a page: 4 pages, each one request.
    assertEquals(4, requests.get());
    for (int i = 0; i < KINDS.size(); i++) {
      assertEquals(KINDS.get(i).type, all.get(i).getTarget().getActualInstance().getClass());
    }
  }

  @Test
  void pagingKeepsTheQueryOfTheFirstRequest() throws Exception {
    EnrollmentConfigurationAssignmentCollectionResponse first = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, 1, null, null, GROUPS, "id desc", null));
    List<EnrollmentConfigurationAssignment> groups = AssignmentPages.readAll(client, first);

    assertEquals(3, groups.size());
    for (int i = 1; i < groups.size(); i++) {
      assertTrue(groups.get(i - 1).getId().compareTo(groups.get(i).getId()) > 0, "id desc");
    }
  }

  @Test
  void aLastPageHasNoNextLink() throws Exception {
    EnrollmentConfigurationAssignmentCollectionResponse all = GraphErrors.call(() ->
        api.listAssignments(Emulator.CONFIGURATION_ID, 999, null, null, null, null, null));
    assertNull(all.getAtOdataNextLink());
    assertEquals(KINDS.size(), AssignmentPages.readAll(client, all).size());
  }

  @Test
  void aNextLinkOffTheClientsOriginIsNotFollowed() throws Exception {
    requests.set(0);
    EnrollmentConfigurationAssignmentCollectionResponse page = new EnrollmentConfigurationAssignmentCollectionResponse()
        .atOdataNextLink(java.net.URI.create("http://127.0.0.2:1/beta/elsewhere"));
    ApiException e = assertThrows(ApiException.class, () -> AssignmentPages.readAll(client, page));
    assertTrue(e.getMessage().contains("not on the client's origin"), e.getMessage());
    assertEquals(0, requests.get());
  }

  @Test
  void anErrorOnALaterPageIsAGraphException() throws Exception {
    EnrollmentConfigurationAssignmentCollectionResponse page = new EnrollmentConfigurationAssignmentCollectionResponse()
        .atOdataNextLink(java.net.URI.create(emulator.baseUrl()
            + "/deviceManagement/deviceEnrollmentConfigurations/missing/assignments?$skip=2"));
    GraphException e = assertThrows(GraphException.class, () -> AssignmentPages.readAll(client, page));
    assertEquals(404, e.getStatus());
    assertEquals("ResourceNotFound", e.getErrorCode());
  }
}
