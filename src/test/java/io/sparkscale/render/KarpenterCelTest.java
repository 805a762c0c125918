package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KarpenterCelTest {

  /**
   * The CEL rules of the CRD, by message: the ones KarpenterCel checks, plus the ones that only compare an
   * object with its previous version (immutability), which a first apply cannot break.
   */
  static final Set<String> CHECKED = Set.of(
      "label domain \"karpenter.sh\" is restricted",
      "label \"karpenter.sh/nodepool\" is restricted",
      "label \"kubernetes.io/hostname\" is restricted",
      "requirements with operator 'In' must have a value defined",
      "requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer value",
      "requirements with 'minValues' must have at least that many values specified in the 'values' field",
      "'schedule' must be set with 'duration'",
      "only 'limits.nodes' is supported on static NodePools",
      "'weight' is not supported on static NodePools",
      "group may not be empty",
      "kind may not be empty",
      "name may not be empty");
  static final Set<String> UPDATE_ONLY = Set.of(
      "nodeClassRef.group is immutable",
      "nodeClassRef.kind is immutable",
      "Cannot transition NodePool between static (replicas set) and dynamic (replicas unset) provisioning modes");

  @Test
  void everyRuleInTheCrdIsCheckedOrOnlyAppliesToUpdates() throws IOException {
    String crd;
    try (InputStream in = getClass().getResourceAsStream("/crds/karpenter.sh_nodepools-v1.14.1.yaml")) {
      crd = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("- message: (.+)\\n").matcher(crd);
    Set<String> messages = new java.util.HashSet<>();
    while (m.find()) {
      String message = m.group(1).strip();
      messages.add(message.startsWith("'") && message.endsWith("'")
          ? message.substring(1, message.length() - 1).replace("''", "'") : message);
    }
    assertThat(messages).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(CHECKED.stream(), UPDATE_ONLY.stream()).collect(Collectors.toSet()));
  }

  @Test
  void aPoolBreakingTheRulesIsCaught() {
    ObjectNode pool = Yaml.resource("karpenter.sh/v1", "NodePool", "bad", null);
    ObjectNode spec = pool.putObject("spec");
    spec.put("replicas", 2).put("weight", 10);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("karpenter.sh/custom", "x");
    var requirements = template.putObject("spec").putArray("requirements");
    requirements.addObject().put("key", "karpenter.k8s.aws/instance-cpu").put("operator", "Gt")
        .set("values", Yaml.strings("-1"));
    requirements.addObject().put("key", "kubernetes.io/hostname").put("operator", "In")
        .set("values", Yaml.array());
    spec.putObject("disruption").putArray("budgets").addObject().put("nodes", "1").put("schedule", "@daily");
    List<String> violations = KarpenterCel.violations(pool);
    assertThat(violations).anyMatch(v -> v.contains("label domain \"karpenter.sh\" is restricted"))
        .anyMatch(v -> v.contains("single positive integer"))
        .anyMatch(v -> v.contains("\"kubernetes.io/hostname\" is restricted"))
        .anyMatch(v -> v.contains("'In' must have a value"))
        .anyMatch(v -> v.contains("'schedule' must be set with 'duration'"))
        .anyMatch(v -> v.contains("static NodePool"))
        .anyMatch(v -> v.contains("group may not be empty"));
  }

  @Test
  void whatSparkscaleRendersPassesThem() {
    JsonNode ok = Yaml.read(new KarpenterNodePool(
            "spark", KarpenterNodePool.AWS_DEFAULT, null,
            List.of(new KarpenterNodePool.Requirement("karpenter.k8s.aws/instance-generation", "Gt", List.of("4"))),
            List.of(KarpenterNodePool.Requirement.in("node.kubernetes.io/instance-type", "m5.large")),
            new KarpenterNodePool.Limits(16_000, 65_536), new KarpenterNodePool.Limits(8_000, 32_768),
            SpotPlacement.SpotMode.PREFER, false, java.time.Duration.ofMinutes(1), java.time.Duration.ofHours(720))
        .render().get(0).text());
    assertThat(KarpenterCel.violations(ok)).isEmpty();
  }
}
