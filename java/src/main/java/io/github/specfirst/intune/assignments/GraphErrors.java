package io.github.specfirst.intune.assignments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.MainError;
import io.github.specfirst.intune.assignments.model.OdataError;

/**
 * Turns the generated client's {@link ApiException}, which carries an error
 * answer's body only as text, into a typed {@link GraphException}.
 *
 * <pre>{@code
 * EnrollmentConfigurationAssignment a =
 *     GraphErrors.call(() -> api.getAssignment(configurationId, assignmentId, null));
 * }</pre>
 */
public final class GraphErrors {
  // The generated client's own mapper settings, so that an error body is read
  // as the generated types expect.
  private static final ObjectMapper MAPPER = ApiClient.createDefaultObjectMapper();

  private GraphErrors() {}

  /** A call of the generated client that returns a value. */
  @FunctionalInterface
  public interface Call<T> {
    T call() throws ApiException;
  }

  /** A call of the generated client that returns nothing (delete, assign). */
  @FunctionalInterface
  public interface Action {
    void run() throws ApiException;
  }

  /**
   * Runs {@code call} and returns its value; an error answer with Graph's
   * error body is thrown as a {@link GraphException}, any other failure as it came.
   */
  public static <T> T call(Call<T> call) throws ApiException {
    try {
      return call.call();
    } catch (ApiException e) {
      throw decode(e);
    }
  }

  /** Like {@link #call(Call)}, for a call that returns nothing. */
  public static void run(Action action) throws ApiException {
    try {
      action.run();
    } catch (ApiException e) {
      throw decode(e);
    }
  }

  /**
   * Returns {@code e} as a {@link GraphException} when it is an HTTP error
   * answer whose body is Graph's error shape ({@code {"error":{"code","message",...}}}),
   * else {@code e} itself: a failure to connect, or a body from something that
   * is not Graph (a proxy's HTML page), stays what it was.
   */
  public static ApiException decode(ApiException e) {
    if (e instanceof GraphException || e.getCode() < 400 || e.getResponseBody() == null) {
      return e;
    }
    OdataError body;
    try {
      body = MAPPER.readValue(e.getResponseBody(), OdataError.class);
    } catch (JsonProcessingException notGraph) {
      return e;
    }
    MainError error = body == null ? null : body.getError();
    if (error == null || error.getCode() == null || error.getMessage() == null) {
      return e;
    }
    return new GraphException(e.getCode(), e.getResponseHeaders(), e.getResponseBody(), error, e);
  }
}
