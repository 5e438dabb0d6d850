package io.github.specfirst.intune.assignments;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignment;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignmentCollectionResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Follows {@code @odata.nextLink}, which the generated client has no call for:
 * the link is an absolute URL to be requested unchanged, not a path with
 * query options the generated {@code listAssignments} could rebuild.
 *
 * <pre>{@code
 * var first = api.listAssignments(configurationId, 100, null, null, null, null, null);
 * List<EnrollmentConfigurationAssignment> all = AssignmentPages.readAll(apiClient, first);
 * }</pre>
 *
 * <p>Each page is requested as the generated client requests one: through the
 * {@link ApiClient}'s HTTP client, request and response interceptors (where a
 * bearer token is added), read timeout and object mapper.
 */
public final class AssignmentPages {
  private AssignmentPages() {}

  /**
   * The assignments of {@code first} and of every page after it, in order,
   * until a page has no {@code @odata.nextLink}.
   *
   * @throws GraphException for an error answer from the service
   * @throws ApiException when a link leaves the client's origin or comes back a second time
   */
  public static List<EnrollmentConfigurationAssignment> readAll(
      ApiClient client, EnrollmentConfigurationAssignmentCollectionResponse first) throws ApiException {
    Objects.requireNonNull(first, "first");
    List<EnrollmentConfigurationAssignment> all = new ArrayList<>(first.getValue());
    // A service that hands back a link it gave before would page forever.
    Set<URI> followed = new HashSet<>();
    EnrollmentConfigurationAssignmentCollectionResponse page = first;
    while (page.getAtOdataNextLink() != null) {
      URI link = page.getAtOdataNextLink();
      if (!followed.add(link)) {
        throw new ApiException("@odata.nextLink " + link + " came back a second time");
      }
      page = next(client, link);
      all.addAll(page.getValue());
    }
    return all;
  }

  /**
   * Reads the page at {@code link}, an {@code @odata.nextLink}.
   *
   * @throws GraphException for an error answer from the service
   * @throws ApiException when the link is not on the client's scheme, host and port: the
   *     request interceptor may add a bearer token, which must not go anywhere else
   */
  public static EnrollmentConfigurationAssignmentCollectionResponse next(ApiClient client, URI link)
      throws ApiException {
    URI base = URI.create(client.getBaseUri());
    if (!Objects.equals(link.getScheme(), base.getScheme())
        || !Objects.equals(link.getHost(), base.getHost())
        || link.getPort() != base.getPort()) {
      throw new ApiException("@odata.nextLink " + link + " is not on the client's origin " + base);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(link).header("Accept", "application/json").GET();
    if (client.getReadTimeout() != null) {
      request.timeout(client.getReadTimeout());
    }
    if (client.getRequestInterceptor() != null) {
      client.getRequestInterceptor().accept(request);
    }
    try {
      HttpResponse<InputStream> response =
          client.getHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      if (client.getResponseInterceptor() != null) {
        client.getResponseInterceptor().accept(response);
      }
      try (InputStream body = ApiClient.getResponseBody(response)) {
        if (response.statusCode() / 100 != 2) {
          String text = body == null ? null : new String(body.readAllBytes(), UTF_8);
          throw GraphErrors.decode(new ApiException(
              "listAssignments (@odata.nextLink) call failed with: " + response.statusCode(),
              response.statusCode(), response.headers(), text));
        }
        if (body == null) {
          throw new ApiException("@odata.nextLink " + link + " answered " + response.statusCode() + " without a body");
        }
        return client.getObjectMapper().readValue(body, EnrollmentConfigurationAssignmentCollectionResponse.class);
      }
    } catch (IOException e) {
      throw new ApiException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
  }
}
