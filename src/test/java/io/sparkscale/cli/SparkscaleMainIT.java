package io.sparkscale.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same checks against the packaged artifact: the JVM jar, or the native executable with -Dnative. */
@QuarkusMainIntegrationTest
class SparkscaleMainIT extends SparkscaleMainTest {}
