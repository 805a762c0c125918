package io.sparkscale.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The core (sizing, trigger parsing, backlog counting and cache, listing-shard planning, manifest models, unit
 * parsing, event-log analysis, the claim protocol, the simulation of the scaling loop) is plain Java; the CLI,
 * gRPC service and S3 client are adapters around it.
 */
@AnalyzeClasses(packages = "io.sparkscale", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreBoundaryTest {

  static final String[] CORE = {
    "io.sparkscale.units..",
    "io.sparkscale.sizing..",
    "io.sparkscale.trigger..",
    "io.sparkscale.backlog..",
    "io.sparkscale.listing..",
    "io.sparkscale.render..",
    "io.sparkscale.eventlog..",
    "io.sparkscale.notifications..",
    "io.sparkscale.tenancy..",
    "io.sparkscale.claim..",
    "io.sparkscale.simulate.."
  };

  static final String[] FRAMEWORKS = {
    "io.quarkus..", "jakarta..", "picocli..", "io.grpc..", "com.google.protobuf..",
    "software.amazon..", "io.netty..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile.."
  };

  @ArchTest
  static final ArchRule coreImportsNoFramework =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(FRAMEWORKS)
          .because("the core must run and be tested without Quarkus, picocli, gRPC or AWS");

  @ArchTest
  static final ArchRule coreDoesNotReachIntoAdapters =
      noClasses()
          .that()
          .resideInAnyPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.sparkscale.cli..", "io.sparkscale.grpc..", "io.sparkscale.s3..",
              "io.sparkscale.observability..", "io.sparkscale.sqs..")
          .because("adapters depend on the core, never the other way round");

  @ArchTest
  static final ArchRule listingPlanningStandsAlone =
      classes()
          .that()
          .resideInAPackage("io.sparkscale.listing..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("io.sparkscale.listing..", "java..")
          .because("planning key ranges and pacing requests knows nothing of counts, caches or sources:"
              + " any lister (S3 today) can use it");
}
