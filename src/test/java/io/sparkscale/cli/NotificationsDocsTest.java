package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/notifications.md: its JSON is JSON, its trigger parses, its S3 filter matches its trigger. */
class NotificationsDocsTest {

  static String doc() throws Exception {
    return Files.readString(
        Paths.get(System.getProperty("project.basedir", "."), "docs", "notifications.md"));
  }

  static List<String> blocks(String text, String language) {
    List<String> found = new ArrayList<>();
    Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (block.find()) {
      found.add(block.group(1));
    }
    return found;
  }

  @Test
  void jsonBlocksAreTheDocumentsAwsTakes() throws Exception {
    List<JsonNode> json = new ArrayList<>();
    for (String block : blocks(doc(), "json")) {
      json.add(new ObjectMapper().readTree(block));
    }
    assertThat(json).hasSize(3);
    JsonNode queue = json.get(0).at("/QueueConfigurations/0");
    assertThat(queue.path("Events").toString()).contains("s3:ObjectCreated:*", "s3:ObjectRemoved:*");
    assertThat(queue.at("/Filter/Key/FilterRules").toString()).contains("incoming/", ".parquet");
    assertThat(json.get(1).at("/Statement/0/Action").asText()).isEqualTo("sqs:SendMessage");
    assertThat(json.get(2).at("/Statement/0/Action").toString())
        .contains("sqs:ReceiveMessage", "sqs:DeleteMessage");
    assertThat(json.get(2).at("/Statement/1/Action").asText()).isEqualTo("s3:ListBucket");
  }

  @Test
  void theTriggerParsesAndMatchesTheNotificationFilter() throws Exception {
    String yaml = blocks(doc(), "yaml").get(0);
    JsonNode metadata = new ObjectMapper(new YAMLFactory()).readTree(yaml).at("/triggers/0/metadata");
    Map<String, String> values = new LinkedHashMap<>();
    metadata.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
    var spec = new TriggerParser(ServerDefaults.aws()).parse(values);
    assertThat(spec.key().notifications()).isNotNull();
    assertThat(spec.key().prefix()).isEqualTo("incoming/");
    assertThat(spec.key().suffix()).isEqualTo(".parquet");
    assertThat(doc()).contains(spec.key().notifications().queueUrl().replaceAll(".*/", ":"));
  }
}
