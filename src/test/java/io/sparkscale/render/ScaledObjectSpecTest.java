package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.render.ScaledObjectSpec.FallbackBehavior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ScaledObjectSpecTest {

  /** The spellings are exactly the enum of spec.fallback.behavior in KEDA's ScaledObject CRD (v2.20.2). */
  @Test
  void fallbackBehaviorsAreTheCrdsEnum() throws Exception {
    JsonNode crd = Yaml.read(Files.readString(Path.of("src/test/resources/crds/scaledobjects.keda.sh.yaml")));
    JsonNode behavior = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/fallback"
        + "/properties/behavior");
    assertThat(StreamSupport.stream(behavior.path("enum").spliterator(), false).map(JsonNode::asText))
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(FallbackBehavior.values())
            .map(FallbackBehavior::spelling).toList());
    assertThat(behavior.path("default").asText()).isEqualTo(FallbackBehavior.STATIC.spelling());
  }
}
