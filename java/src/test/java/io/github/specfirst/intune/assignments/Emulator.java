package io.github.specfirst.intune.assignments;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator (cmd/intune-emulator), or the one broken on purpose
 * (contract/brokenemulator), in a child process on a free loopback port with a
 * fresh HS256 secret; tokens come from {@code intune-emulator token}.
 *
 * <p>The binaries are {@code $INTUNE_EMULATOR_BIN} and
 * {@code $INTUNE_BROKEN_EMULATOR_BIN} (what {@code make test-java} passes),
 * else the system properties {@code intune.emulator.bin} and
 * {@code intune.broken.emulator.bin}, else built here with {@code go build}
 * into target/.
 */
final class Emulator implements AutoCloseable {
  /** The built-in configuration the spec's examples use. */
  static final String CONFIGURATION_ID = "8f5b2c9e-1d3a-4f6b-9c8d-2e7a1b4c5d6f_DefaultPlatformRestrictions";

  static final String READ_SCOPE = "DeviceManagementServiceConfig.Read.All";
  static final String WRITE_SCOPE = "DeviceManagementServiceConfig.ReadWrite.All";

  // Only a guard against a child that never says where it listens: it binds
  // a port and logs, so any working start is far quicker.
  private static final Duration START_LIMIT = Duration.ofSeconds(30);

  // The "serving" line, in the emulator's JSON log or the broken one's text log.
  private static final Pattern SERVING =
      Pattern.compile("\"msg\":\"serving\",\"addr\":\"([^\"]+)\"|msg=serving addr=(\\S+)");

  private static final Binary EMULATOR = new Binary("INTUNE_EMULATOR_BIN", "intune.emulator.bin", "./cmd/intune-emulator");
  private static final Binary BROKEN =
      new Binary("INTUNE_BROKEN_EMULATOR_BIN", "intune.broken.emulator.bin", "./contract/brokenemulator");

  /** Tokens are minted by this binary, the emulator's {@code token} command. */
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
    String secret = newSecret();
    List<String> command = new ArrayList<>(List.of(
        EMULATOR.path().toString(), "serve", "-addr", "127.0.0.1:0", "-log-format", "json", "-hs256-secret", secret));
    command.addAll(List.of(extraArgs));
    return start(command, secret);
  }

  /**
   * Starts the emulator broken on purpose with the break {@code breakName}
   * ({@code bare-type}, {@code drop-target}) and {@code extraArgs}, the flags
   * of {@code serve} that it takes.
   */
  static Emulator startBroken(String breakName, String... extraArgs) throws IOException, InterruptedException {
    String secret = newSecret();
    List<String> command = new ArrayList<>(List.of(
        BROKEN.path().toString(), "-addr", "127.0.0.1:0", "-hs256-secret", secret, "-break", breakName));
    command.addAll(List.of(extraArgs));
    return start(command, secret);
  }

  private static String newSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return HexFormat.of().formatHex(key);
  }

  private static Emulator start(List<String> command, String secret) throws IOException, InterruptedException {
    Path log = Files.createTempFile(targetDir(), "emulator-", ".log");
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      String addr = awaitServing(process, log);
      return new Emulator(EMULATOR.path(), process, log, secret, "http://" + addr + "/beta");
    } catch (IOException | RuntimeException | InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The address of the "serving" line of the log. */
  private static String awaitServing(Process process, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_LIMIT);
    while (Instant.now().isBefore(deadline)) {
      Matcher serving = SERVING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (serving.find()) {
        return serving.group(1) != null ? serving.group(1) : serving.group(2);
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

  /** A Go command of this repository: given by an environment variable or system property, else built once. */
  private static final class Binary {
    private final String env;
    private final String property;
    private final String pkg;
    private Path built;

    Binary(String env, String property, String pkg) {
      this.env = env;
      this.property = property;
      this.pkg = pkg;
    }

    synchronized Path path() throws IOException, InterruptedException {
      String given = System.getenv(env);
      if (given == null || given.isEmpty()) {
        given = System.getProperty(property);
      }
      if (given != null && !given.isEmpty()) {
        return Path.of(given);
      }
      if (built == null) {
        Path out = targetDir().resolve(Path.of(pkg).getFileName());
        Process go = new ProcessBuilder("go", "build", "-o", out.toAbsolutePath().toString(), pkg)
            .directory(repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
        String output = new String(go.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (go.waitFor() != 0) {
          throw new IOException("go build " + pkg + " failed:\n" + output);
        }
        built = out;
      }
      return built;
    }
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
