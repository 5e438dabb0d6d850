package io.github.specfirst.intune.assignments;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.specfirst.intune.assignments.api.BatchingApi;
import io.github.specfirst.intune.assignments.api.EnrollmentConfigurationAssignmentsApi;
import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.client.ApiResponse;
import io.github.specfirst.intune.assignments.model.AssignRequest;
import io.github.specfirst.intune.assignments.model.BatchRequestContent;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignment;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignmentCollectionResponse;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignmentUpdate;
import io.github.specfirst.intune.assignments.model.OdataError;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.BiConsumer;

/**
 * Runs the cases of gen/vectors.gen.json against a live server. A step the
 * spec allows ({@code valid}) goes through the generated client's method for
 * its operation, with its body built as the generated request type; one that
 * breaks the spec on purpose is sent as it is. Either way the answer's body is
 * decoded into the generated types, encoded again, and compared with the
 * expected body by {@link VectorCheck}.
 */
final class VectorRunner {
  private final ObjectMapper mapper = ApiClient.createDefaultObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String root;
  private final Map<String, String> tokens;
  private final VectorCheck check;

  /** {@code tokens} maps the file's token kinds to bearer tokens; the kind "none" sends none. */
  VectorRunner(String specRoot, String root, Map<String, String> tokens) {
    this.root = root;
    this.tokens = tokens;
    this.check = new VectorCheck(specRoot, root);
  }

  /** What a run of every case came to. */
  record Result(List<String> passed, Map<String, String> failed) {
    /** The closing line: {@code N passed, N failed}. */
    String summary() {
      return passed.size() + " passed, " + failed.size() + " failed";
    }
  }

  /** Runs the cases in order, each until its first failing step. */
  Result runAll(List<VectorFile.Case> cases) {
    List<String> passed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (VectorFile.Case c : cases) {
      String problem = run(c);
      if (problem == null) {
        passed.add(c.name());
      } else {
        failed.put(c.name(), problem);
      }
    }
    return new Result(passed, failed);
  }

  /** Why the case failed, or null when it passed. */
  String run(VectorFile.Case c) {
    List<VectorFile.Step> steps = new ArrayList<>(c.setup());
    steps.add(c.step());
    steps.addAll(c.then());
    for (int i = 0; i < steps.size(); i++) {
      VectorFile.Step s = steps.get(i);
      String where = i < c.setup().size() ? "set-up step " + (i + 1) + " (" + s.operationId() + ")"
          : i == c.setup().size() ? s.operationId()
          : "check step " + (i - c.setup().size()) + " (" + s.operationId() + ")";
      List<String> problems;
      try {
        problems = check.problems(s.expect(), s.valid() ? viaGeneratedClient(s) : asItIs(s));
      } catch (Mismatch | IOException | ApiException e) {
        problems = List.of(e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems = List.of(e.toString());
      }
      if (!problems.isEmpty()) {
        return where + ": " + String.join("; ", problems);
      }
    }
    return null;
  }

  /** Something the runner cannot do with a step through the generated types: a failure of the binding. */
  static final class Mismatch extends Exception {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  private VectorAnswer viaGeneratedClient(VectorFile.Step s) throws ApiException, Mismatch {
    EnrollmentConfigurationAssignmentsApi api = new EnrollmentConfigurationAssignmentsApi(client(s.token()));
    String configuration = pathParam(s, "deviceEnrollmentConfigurationId");
    Query query = new Query(s.queryOrNone());
    Map<String, String> headers = s.headersOrNone();
    ApiResponse<?> response;
    try {
      response = switch (s.operationId()) {
        case "listAssignments" -> api.listAssignmentsWithHttpInfo(configuration,
            query.integer("$top"), query.integer("$skip"), query.string("$select"), query.string("$filter"),
            query.string("$orderby"), query.bool("$count"), headers);
        case "createAssignment" -> api.createAssignmentWithHttpInfo(
            configuration, body(s, EnrollmentConfigurationAssignment.class), headers);
        case "countAssignments" -> api.countAssignmentsWithHttpInfo(configuration, query.string("$filter"), headers);
        case "getAssignment" -> api.getAssignmentWithHttpInfo(
            configuration, pathParam(s, "enrollmentConfigurationAssignmentId"), query.string("$select"), headers);
        case "updateAssignment" -> api.updateAssignmentWithHttpInfo(configuration,
            pathParam(s, "enrollmentConfigurationAssignmentId"), body(s, EnrollmentConfigurationAssignmentUpdate.class),
            headers);
        case "deleteAssignment" -> api.deleteAssignmentWithHttpInfo(
            configuration, pathParam(s, "enrollmentConfigurationAssignmentId"), headers);
        case "assign" -> api.assignWithHttpInfo(configuration, body(s, AssignRequest.class), headers);
        case "assignQualified" -> api.assignQualifiedWithHttpInfo(configuration, body(s, AssignRequest.class), headers);
        case "batch" -> new BatchingApi(client(s.token()))
            .batchWithHttpInfo(body(s, BatchRequestContent.class, VectorRunner::dependsOnAsGiven), headers);
        default -> throw new Mismatch("no generated method for operation " + s.operationId());
      };
    } catch (ApiException e) {
      if (e.getCode() == 0) {
        throw e; // no answer at all, or one the generated types could not decode
      }
      query.requireAllUsed(s.operationId());
      return errorAnswer(e.getCode(), e.getResponseHeaders().map(), e.getResponseBody());
    }
    query.requireAllUsed(s.operationId());
    Object data = response.getData();
    String raw = String.valueOf(data);
    return data instanceof Long count
        ? new VectorAnswer(response.getStatusCode(), response.getHeaders(), raw, null, count)
        : new VectorAnswer(response.getStatusCode(), response.getHeaders(), raw,
            data == null ? null : mapper.valueToTree(data), null);
  }

  /** Sends a step that breaks the spec as it is, and decodes its answer into the generated types. */
  private VectorAnswer asItIs(VectorFile.Step s) throws IOException, InterruptedException, Mismatch {
    String path = s.path();
    for (Map.Entry<String, String> p : s.pathParams().entrySet()) {
      path = path.replace("{" + p.getKey() + "}", pathEscape(p.getValue()));
    }
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (Map.Entry<String, JsonNode> q : s.queryOrNone().entrySet()) {
      query.add(URLEncoder.encode(q.getKey(), UTF_8) + "=" + URLEncoder.encode(q.getValue().asText(), UTF_8));
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path + query));
    if (s.body() == null) {
      request.method(s.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      request.method(s.method(), HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(s.body())));
      request.header("Content-Type", s.contentType() == null ? "application/json" : s.contentType());
    }
    s.headersOrNone().forEach(request::header);
    String token = token(s.token());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
    Map<String, List<String>> headers = response.headers().map();
    if (response.statusCode() >= 400) {
      return errorAnswer(response.statusCode(), headers, response.body());
    }
    // Every such request must be refused: a success answer has nothing to
    // decode it into, and fails on its status (or, failing that, its body).
    return new VectorAnswer(response.statusCode(), headers, response.body(), null, null);
  }

  /** An error answer, its body decoded into the generated OdataError when there is one. */
  private VectorAnswer errorAnswer(int status, Map<String, List<String>> headers, String body) throws Mismatch {
    if (body == null || body.isBlank()) {
      return new VectorAnswer(status, headers, "", null, null);
    }
    try {
      return new VectorAnswer(status, headers, body, mapper.valueToTree(mapper.readValue(body, OdataError.class)), null);
    } catch (JsonProcessingException e) {
      throw new Mismatch("the " + status + " answer does not decode into OdataError: " + e.getOriginalMessage()
          + "; body: " + body);
    }
  }

  /** The step's body as the generated request type, which must carry it unchanged. */
  private <T> T body(VectorFile.Step s, Class<T> type) throws Mismatch {
    return body(s, type, (value, json) -> { });
  }

  /**
   * The step's body as the generated request type, set as a caller of the generated API sets it ({@code asGiven}),
   * which must then carry it unchanged.
   */
  private <T> T body(VectorFile.Step s, Class<T> type, BiConsumer<T, JsonNode> asGiven) throws Mismatch {
    try {
      T value = mapper.treeToValue(s.body(), type);
      asGiven.accept(value, s.body());
      JsonNode again = mapper.valueToTree(value);
      if (!VectorCheck.sameJson(again, s.body())) {
        throw new Mismatch("the generated " + type.getSimpleName() + " does not carry the request body unchanged:\n  body " + s.body()
            + "\n  sent " + again);
      }
      return value;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new Mismatch("the request body does not decode into " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * A generated BatchRequestItem starts with an empty dependsOn list (openapi-generator's containers default to
   * empty), which it sends as {@code "dependsOn": []}: a request the batch gives none is sent with none.
   */
  private static void dependsOnAsGiven(BatchRequestContent content, JsonNode json) {
    for (int i = 0; i < content.getRequests().size(); i++) {
      if (!json.path("requests").path(i).has("dependsOn")) {
        content.getRequests().get(i).setDependsOn(null);
      }
    }
  }

  // One generated client per token kind: each holds its own HTTP client.
  private final Map<String, ApiClient> clients = new HashMap<>();

  private ApiClient client(String kind) throws Mismatch {
    ApiClient known = clients.get(kind);
    if (known != null) {
      return known;
    }
    ApiClient client = new ApiClient();
    client.updateBaseUri(root);
    String token = token(kind);
    if (token != null) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }
    clients.put(kind, client);
    return client;
  }

  /** The bearer token of a kind; null for "none". */
  private String token(String kind) throws Mismatch {
    if ("none".equals(kind)) {
      return null;
    }
    String token = tokens.get(kind);
    if (token == null) {
      throw new Mismatch("no token of kind " + kind);
    }
    return token;
  }

  private static String pathParam(VectorFile.Step s, String name) throws Mismatch {
    String value = s.pathParams().get(name);
    if (value == null && s.path().contains("{" + name + "}")) {
      throw new Mismatch("no value for the path parameter " + name);
    }
    return value;
  }

  // A path segment escaped as Go's url.PathEscape does it: spaces as %20, not +.
  private static String pathEscape(String segment) {
    return URLEncoder.encode(segment, UTF_8).replace("+", "%20");
  }

  /** The step's query options, handed to the generated method's arguments one by one. */
  private static final class Query {
    private final Map<String, JsonNode> values;
    private final Set<String> used = new HashSet<>();

    Query(Map<String, JsonNode> values) {
      this.values = values;
    }

    Integer integer(String name) {
      JsonNode v = take(name);
      return v == null ? null : v.asInt();
    }

    Boolean bool(String name) {
      JsonNode v = take(name);
      return v == null ? null : v.asBoolean();
    }

    String string(String name) {
      JsonNode v = take(name);
      return v == null ? null : v.asText();
    }

    private JsonNode take(String name) {
      used.add(name);
      return values.get(name);
    }

    /** Fails for an option the generated method has no argument for: it was not sent. */
    void requireAllUsed(String operationId) throws Mismatch {
      for (String name : values.keySet()) {
        if (!used.contains(name)) {
          throw new Mismatch("the generated " + operationId + " has no argument for the query option " + name);
        }
      }
    }
  }
}
