package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlTest {

  @Test
  void stringsThatLookLikeOtherTypesStayStrings() {
    ObjectNode node = Yaml.object();
    List<String> tricky = List.of("5", "1.5", "true", "false", "yes", "no", "on", "off", "null", "~", "0x1F", "1e3", "1_000", ".inf", "0o17", "");
    for (int i = 0; i < tricky.size(); i++) {
      node.put("k" + i, tricky.get(i));
    }
    JsonNode back = Yaml.read(Yaml.write(node));
    for (int i = 0; i < tricky.size(); i++) {
      assertThat(back.path("k" + i).isTextual()).as("'%s' in %s", tricky.get(i), Yaml.write(node)).isTrue();
      assertThat(back.path("k" + i).asText()).isEqualTo(tricky.get(i));
    }
  }

  @Test
  void plainStringsAreUnquotedAndNumbersStayNumbers() {
    ObjectNode node = Yaml.object().put("name", "spark-connect").put("replicas", 3);
    assertThat(Yaml.write(node)).isEqualTo("name: spark-connect\nreplicas: 3\n");
  }

  @Test
  void integerKeyedMappingsKeepIntegerKeysForYaml11Readers() {
    java.util.Map<Integer, JsonNode> entries = new java.util.LinkedHashMap<>();
    entries.put(50, Yaml.strings(".*spot.*", "10"));
    entries.put(10, Yaml.strings(".*"));
    String text = Yaml.writeIntegerKeyed(entries);
    assertThat(text).isEqualTo("50:\n  - .*spot.*\n  - \"10\"\n10:\n  - .*\n");
    java.util.Map<Object, Object> back = GoYaml.mapping(text);
    assertThat(back.keySet()).containsExactly(50, 10);
    assertThat(back.get(50)).isEqualTo(List.of(".*spot.*", "10"));
  }

  @Test
  void documentFileNamesAreOneSafeSegment() {
    Document configMap = Yaml.document(Yaml.resource("v1", "ConfigMap", "cm", null));
    assertThat(configMap.fileName()).isEqualTo("configmap-cm.yaml");
    assertThat(configMap.kubernetesObject()).isTrue();
    assertThat(Document.yaml("values.yaml", "a: 1\n").kubernetesObject()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Document.yaml("../x.yaml", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
