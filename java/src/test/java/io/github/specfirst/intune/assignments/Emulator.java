package io.github.specfirst.intune.assignments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.specfirst.intune.assignments.client.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The emulator (cmd/intune-emulator) in a child process on a free loopback
 * port, with a fresh HS256 secret, and tokens from its own {@code token} command.
 *
 * <p>The binary is {@code $INTUNE_EMULATOR_BIN} (what {@code make test-java}
 * passes), else the system property {@code intune.emulator.bin}, else one
 * built here with {@code go build ./cmd/intune-emulator} into target/.
 */
final class Emulator implements AutoCloseable {
  /** The built-in configuration the spec's examples use. */
  static final String CONFIGURATION_ID = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";

  static final String READ_SCOPE = "DeviceManagementServiceConfig.Read.All";
  static final String WRITE_SCOPE = "DeviceManagementServiceConfig.ReadWrite.All";

  // Only a guard against a child that never says where it listens: it binds
  // a port and logs, so any working start is far quicker.
  private static final Duration START_LIMIT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path binary;
  private final Process process;
  private final Path log;
  private final String secret;
  private final String baseUrl;

  private Emulator(Path binary, Process process, Path log, String secret, String baseUrl) {
    this.binary = binary;
    this.process = process;
    this.log = log;
    this.secret = secret;
    this.baseUrl = baseUrl;
  }

  /** Starts the emulator with {@code serve}'s defaults plus {@code extraArgs}, and waits until it listens. */
  static Emulator start(String... extraArgs) throws IOException, InterruptedException {
    return start(binary(), extraArgs);
  }

  /** Starts {@code binary serve} (any build of the emulator) and waits until it listens. */
  static Emulator start(Path binary, String... extraArgs) throws IOException, InterruptedException {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String secret = HexFormat.of().formatHex(key);
    List<String> command = new ArrayList<>(List.of(
        binary.toString(), "serve", "-addr", "127.0.0.1:0", "-log-format", "json", "-hs256-secret", secret));
    command.addAll(List.of(extraArgs));
    Path log = Files.createTempFile(targetDir(), "emulator-", ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      String addr = awaitServing(process, log);
      return new Emulator(binary, process, log, secret, "http://" + addr + "/beta");
    } catch (IOException | RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The address of the emulator's JSON log line {"msg":"serving","addr":...}. */
  private static String awaitServing(Process process, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.startsWith("{")) {
          continue;
        }
        JsonNode entry = JSON.readTree(line);
        if ("serving".equals(entry.path("msg").asText()) && entry.hasNonNull("addr")) {
          return entry.get("addr").asText();
        }
      }
      if (!process.isAlive()) {
        throw new IOException("the emulator exited (" + process.exitValue() + ") before serving:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new IOException("the emulator did not log \"serving\" within " + START_LIMIT + ":\n" + Files.readString(log));
  }

  /** The Graph version root it serves, {@code http://127.0.0.1:PORT/beta}. */
  String baseUrl() {
    return baseUrl;
  }

  /** A delegated token for {@code scopes} (space-separated), from {@code intune-emulator token}. */
  String token(String scopes) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary.toString(), "token", "-hs256-secret", secret, "-scopes", scopes)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.waitFor() != 0 || out.split("\\.").length != 3) {
      throw new IOException("intune-emulator token printed no JWT: " + out);
    }
    return out;
  }

  /** A generated ApiClient pointed at the emulator that sends {@code token} as a bearer token. */
  ApiClient client(String token) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(baseUrl);
    client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    return client;
  }

  /** A client with the write scope, which every operation accepts. */
  ApiClient writer() throws IOException, InterruptedException {
    return client(token(WRITE_SCOPE));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** What the emulator logged so far, for a failure message. */
  String log() throws IOException {
    return Files.readString(log);
  }

  private static Path binary() throws IOException, InterruptedException {
    String given = System.getenv("INTUNE_EMULATOR_BIN");
    if (given == null || given.isEmpty()) {
      given = System.getProperty("intune.emulator.bin");
    }
    if (given != null && !given.isEmpty()) {
      return Path.of(given);
    }
    return built();
  }

  private static Path builtBinary;

  private static synchronized Path built() throws IOException, InterruptedException {
    if (builtBinary == null) {
      Path out = targetDir().resolve("intune-emulator");
      Process go = new ProcessBuilder("go", "build", "-o", out.toString(), "./cmd/intune-emulator")
          .directory(repoRoot().toFile())
          .redirectErrorStream(true)
          .start();
      String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (go.waitFor() != 0) {
        throw new IOException("go build ./cmd/intune-emulator failed:\n" + output);
      }
      builtBinary = out;
    }
    return builtBinary;
  }

  /** The repository root: the directory with go.mod above the working directory (java/ under Maven). */
  static Path repoRoot() throws IOException {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("go.mod"))) {
        return dir;
      }
    }
    throw new IOException("no go.mod above " + Path.of("").toAbsolutePath());
  }

  private static Path targetDir() throws IOException {
    return Files.createDirectories(Path.of("target"));
  }
}
