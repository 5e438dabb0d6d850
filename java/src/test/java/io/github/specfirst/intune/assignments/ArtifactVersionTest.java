package io.github.specfirst.intune.assignments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The artifact's version is the spec's info.version, so that a client names the API it was made from. */
class ArtifactVersionTest {
  @Test
  void artifactVersionIsTheSpecsVersion() throws Exception {
    List<String> spec = Files.readAllLines(Emulator.repoRoot().resolve("openapi").resolve("openapi.yaml"));
    String specVersion = null;
    boolean inInfo = false;
    for (String line : spec) {
      if (!line.startsWith(" ")) {
        inInfo = line.equals("info:");
      } else if (inInfo && line.startsWith("  version: ")) {
        specVersion = line.substring("  version: ".length()).trim();
        break;
      }
    }
    assertNotNull(specVersion, "no info.version in openapi/openapi.yaml");
    assertEquals(specVersion, System.getProperty("artifact.version"),
        "java/pom.xml's <version> must be the spec's info.version");
  }
}
