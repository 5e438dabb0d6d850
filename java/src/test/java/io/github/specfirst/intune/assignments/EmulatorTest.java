package io.github.specfirst.intune.assignments;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class that runs against one emulator of its own, started before its tests and stopped after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmulatorTest {
  protected Emulator emulator;

  @BeforeAll
  void startEmulator() throws Exception {
    emulator = Emulator.start();
  }

  @AfterAll
  void stopEmulator() throws Exception {
    if (emulator != null) {
      emulator.close();
    }
  }
}
