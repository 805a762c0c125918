package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.sizing.ExecutorPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** What rightsize prints reads correctly: counts agree with their nouns, help says what the presets are. */
class RightsizeWordingTest {

  private static final String LOGS = "src/test/resources/event-logs/";

  /** A count of exactly one followed by a plural noun ("1 nodes", "1 input tasks", "1 shuffle partitions"). */
  private static final Pattern ONE_PLURAL =
      Pattern.compile("(?<![\\w.,+-])1 ((?:input|shuffle|executor|map) )?(nodes|waves|executors|tasks|cores|"
          + "partitions|blocks|runs|jobs|stages|slots)\\b");

  /**
   * Inputs that put a 1 into every count rightsize prints: one input task, one wave, one executor, one core,
   * one node, one shuffle partition and block, one executor per node; a capped run with one node; event logs
   * with one job.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "--data-size 1KB",
      "--data-size 1KB --cloud aws --executor-cores 1",
      "--data-size 1KB --cloud gcp --node-type n2-standard-8 --executor-cores 8",
      "--data-size 1KB --node-cores 8 --node-memory 32g --executor-cores 8 --executor-memory 4g",
      "--data-size 100TB --cloud aws --max-nodes 1",
      "--data-size 1TB --cloud aws --budget-per-hour 1",
      "--data-size 1GB --cloud aws --node-type r5.4xlarge --executor-cores 16 --waves 1",
      "--event-log " + LOGS + "eventlog-2021-06-15--15-00.gz",
      "--event-log " + LOGS + "truncated_eventlog",
      "--event-log " + LOGS + "attempt_1_eventlog.zstd --data-size 1MB"})
  void noCountOfOneTakesAPluralNoun(String args) {
    List<String> found = new ArrayList<>();
    for (String format : new String[] {"table", "json"}) {
      List<String> argv = new ArrayList<>(List.of("rightsize"));
      argv.addAll(List.of(args.split(" ")));
      argv.addAll(List.of("--format", format));
      Result result = CliRunner.run(argv.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.err()).isZero();
      Matcher m = ONE_PLURAL.matcher(result.out() + result.err());
      while (m.find()) {
        String text = result.out() + result.err();
        found.add(format + ": ..." + text.substring(Math.max(0, m.start() - 40), Math.min(text.length(), m.end() + 10))
            + "...");
      }
    }
    assertThat(found).isEmpty();
  }

  /** The scan above finds what it is meant to find. */
  @Test
  void thePatternCatchesOneWithAPluralAndNothingElse() {
    assertThat(ONE_PLURAL.matcher("At full scale   1 nodes, 2 executors").find()).isTrue();
    assertThat(ONE_PLURAL.matcher("1 input tasks = 1.00 KB").find()).isTrue();
    assertThat(ONE_PLURAL.matcher("Run 91.4 s; 1 jobs, 3 stages").find()).isTrue();
    assertThat(ONE_PLURAL.matcher("1 node, 1 executor, 11 executors, 21 waves, 0.1 nodes, 1.1 cores").find())
        .isFalse();
  }

  /** The help names each preset's cores and heap as ExecutorPreset defines them, and the heap cap. */
  @Test
  void presetHelpMatchesThePresets() {
    CommandLine rightsize = new CommandLine(new SparkscaleCommand()).getSubcommands().get("rightsize");
    String text = String.join(" ", rightsize.getCommandSpec().findOption("--executor-preset").description());
    for (ExecutorPreset preset : ExecutorPreset.values()) {
      String name = preset.name().toLowerCase(Locale.ROOT);
      Matcher m = Pattern.compile("\\b" + name + " \\((\\d+)(?: cores)?/(\\d+)g\\)").matcher(text);
      assertThat(m.find()).as(name + " in: " + text).isTrue();
      assertThat(Integer.parseInt(m.group(1))).as(name + " cores").isEqualTo(preset.cores());
      assertThat(Long.parseLong(m.group(2)) * 1024).as(name + " heap").isEqualTo(preset.heapMiB());
    }
    assertThat(text).contains("at most 31g (compressed oops)");
  }
}
