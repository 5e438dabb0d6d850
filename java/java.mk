# Java: the client that openapi-generator (generator java, library native)
# makes from the spec into gen/java, built and tested by java/pom.xml.
# Maven keeps what it downloads in ~/.m2; every version is pinned in the pom.

MVN       ?= mvn
MVN_FLAGS := -B -q -f java/pom.xml

.PHONY: generate-java test-java

## generate-java: regenerate gen/java from openapi/openapi.yaml (openapi-generator's Maven plugin, pinned in java/pom.xml).
generate-java:
	$(MVN) $(MVN_FLAGS) -Pgenerate -Dopenapi.generator.maven.plugin.quiet=true generate-sources

## test-java: build the emulator and the broken one, then compile gen/java and java/ and run the
## JUnit tests against them (mvn verify): typed targets, errors, $count, paging, the shared vectors.
test-java: emulators
	INTUNE_EMULATOR_BIN='$(CURDIR)/bin/intune-emulator' INTUNE_BROKEN_EMULATOR_BIN='$(CURDIR)/bin/brokenemulator' \
		$(MVN) $(MVN_FLAGS) verify
