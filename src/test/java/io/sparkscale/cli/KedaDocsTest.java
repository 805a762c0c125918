package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkscale.render.CrdSchemas;
import io.sparkscale.render.KubernetesModels;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The manifests in docs/keda.md are valid (KEDA's CRDs, the Kubernetes model) and use trigger keys and
 * `serve` flags this build accepts.
 */
class KedaDocsTest {

  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
  static final List<JsonNode> DOCUMENTS = new ArrayList<>();

  @BeforeAll
  static void read() throws Exception {
    Path docs = Paths.get(System.getProperty("project.basedir", "."), "docs", "keda.md");
    Matcher block = YAML_BLOCK.matcher(Files.readString(docs));
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    while (block.find()) {
      DOCUMENTS.addAll(yaml.readerFor(JsonNode.class).<JsonNode>readValues(block.group(1)).readAll());
    }
  }

  @Test
  void everyExternalTriggerParses() {
    TriggerParser parser = new TriggerParser(ServerDefaults.aws());
    List<String> kinds = new ArrayList<>();
    for (JsonNode document : DOCUMENTS) {
      String kind = document.path("kind").asText();
      if (!kind.equals("ScaledObject") && !kind.equals("ScaledJob")) {
        continue;
      }
      kinds.add(kind);
      for (JsonNode trigger : document.path("spec").path("triggers")) {
        assertThat(trigger.path("type").asText()).isIn("external", "external-push");
        Map<String, String> metadata = new LinkedHashMap<>();
        trigger.path("metadata").fields().forEachRemaining(field -> {
          assertThat(field.getValue().isTextual())
              .as("%s: KEDA takes metadata values as strings only", field.getKey()).isTrue();
          metadata.put(field.getKey(), field.getValue().asText());
        });
        assertThat(metadata.get("scalerAddress")).matches("[a-z0-9.-]+:\\d+");
        assertThatCode(() -> parser.parse(metadata)).as("%s %s", kind, metadata).doesNotThrowAnyException();
      }
    }
    assertThat(kinds).contains("ScaledObject", "ScaledJob");
  }

  @Test
  void manifestsAreValidAgainstKedasCrdsAndTheKubernetesModel() {
    List<String> checked = new ArrayList<>();
    for (JsonNode document : DOCUMENTS) {
      List<String> errors = new ArrayList<>();
      if (CrdSchemas.knows(document)) {
        errors.addAll(CrdSchemas.validate(document));
        errors.addAll(KubernetesModels.validateMetadata(document));
      } else if (KubernetesModels.knows(document)) {
        errors.addAll(KubernetesModels.validate(document));
      } else if (document.has("operator")) { // values for KEDA's chart: the sidecar is a plain container
        document.path("operator").path("extraContainers").forEach(c -> errors.addAll(KubernetesModels.validateContainer(c)));
      } else {
        continue; // cert-manager Certificates: no schema here
      }
      checked.add(document.path("kind").asText("keda values"));
      assertThat(errors).as("%s %s", document.path("kind").asText(), document.path("metadata").path("name").asText())
          .isEmpty();
    }
    assertThat(checked).contains("ScaledObject", "ScaledJob", "TriggerAuthentication", "Deployment", "Service",
        "keda values");
  }

  @Test
  void triggerAuthenticationsUseKedasTlsParameters() {
    List<String> parameters = new ArrayList<>();
    DOCUMENTS.stream().filter(d -> d.path("kind").asText().equals("TriggerAuthentication"))
        .forEach(d -> d.path("spec").path("secretTargetRef").forEach(r -> parameters.add(r.path("parameter").asText())));
    assertThat(parameters).containsExactlyInAnyOrder("caCert", "tlsClientCert", "tlsClientKey");
  }

  @Test
  void serveArgumentsInManifestsAreAccepted() {
    List<List<String>> argLists = new ArrayList<>();
    for (JsonNode document : DOCUMENTS) {
      document.findValues("args").forEach(args -> {
        List<String> list = new ArrayList<>();
        args.forEach(arg -> list.add(arg.asText()));
        if (!list.isEmpty() && list.get(0).equals("serve")) {
          argLists.add(list);
        }
      });
    }
    assertThat(argLists).as("the Deployment and the sidecar").hasSizeGreaterThanOrEqualTo(2);
    for (List<String> args : argLists) {
      assertThatCode(() -> new CommandLine(new ServeCommand()).parseArgs(
          args.subList(1, args.size()).toArray(String[]::new))).as(args.toString()).doesNotThrowAnyException();
      assertThat(Set.copyOf(args)).doesNotContain("8080", "8081", "9666");
    }
  }
}
