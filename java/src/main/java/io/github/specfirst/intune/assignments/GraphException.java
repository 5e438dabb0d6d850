package io.github.specfirst.intune.assignments;

import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.InnerError;
import io.github.specfirst.intune.assignments.model.MainError;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * A Microsoft Graph error answer: the HTTP status with the {@code error} of its
 * body, decoded into the generated {@link MainError}.
 *
 * <p>The generated client throws {@link ApiException} with the status and the
 * body as text; {@link GraphErrors#decode(ApiException)} turns it into this.
 * It is an {@code ApiException} itself, so code that catches the generated
 * type keeps working: {@link #getCode()} is still the HTTP status, and
 * {@link #getErrorCode()} is Graph's code, such as {@code ResourceNotFound}.
 */
public final class GraphException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final transient MainError error;

  GraphException(int status, HttpHeaders headers, String body, MainError error, Throwable cause) {
    super(
        status + " " + error.getCode() + ": " + error.getMessage(),
        cause,
        status,
        headers,
        body);
    this.error = Objects.requireNonNull(error, "error");
  }

  /** The HTTP status of the answer, the same as {@link #getCode()}. */
  public int getStatus() {
    return getCode();
  }

  /** Graph's machine-readable error code, such as {@code BadRequest} or {@code ResourceNotFound}. */
  public String getErrorCode() {
    return error.getCode();
  }

  /** Graph's human-readable description of the error. */
  public String getErrorMessage() {
    return error.getMessage();
  }

  /** The whole {@code error} object: target, details and innerError too. */
  public MainError getError() {
    return error;
  }

  /** The service's id of the request ({@code innerError.request-id}), to quote in a support request; null when absent. */
  public String getRequestId() {
    InnerError inner = error.getInnerError();
    return inner == null ? null : inner.getRequestId();
  }
}
