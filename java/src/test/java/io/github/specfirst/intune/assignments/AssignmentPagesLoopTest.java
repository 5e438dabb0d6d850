package io.github.specfirst.intune.assignments;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.github.specfirst.intune.assignments.client.ApiClient;
import io.github.specfirst.intune.assignments.client.ApiException;
import io.github.specfirst.intune.assignments.model.EnrollmentConfigurationAssignmentCollectionResponse;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A service whose nextLink points back at a page already read is not followed forever. */
class AssignmentPagesLoopTest {
  @Test
  void aNextLinkThatComesBackStopsThePaging() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger served = new AtomicInteger();
    String origin = "http://127.0.0.1:" + server.getAddress().getPort();
    String self = origin + "/beta/page";
    server.createContext("/beta/page", exchange -> {
      served.incrementAndGet();
      byte[] body = ("{\"value\":[{\"id\":\"x\"}],\"@odata.nextLink\":\"" + self + "\"}").getBytes(UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      ApiClient client = new ApiClient();
      client.updateBaseUri(origin + "/beta");
      var first = new EnrollmentConfigurationAssignmentCollectionResponse().atOdataNextLink(URI.create(self));

      ApiException e = assertThrows(ApiException.class, () -> AssignmentPages.readAll(client, first));
      assertTrue(e.getMessage().contains("came back a second time"), e.getMessage());
      assertEquals(1, served.get());
    } finally {
      server.stop(0);
    }
  }
}
