package io.sparkscale.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every flag's bad value, and every kind of bad CSV row, exits 2 with one line naming it. */
class SimulateBadInputTest {

  @TempDir static Path dir;

  /**
   * @param replace flags of {@link Sim#BASE} to drop (by name, with their value), "-" for none
   * @param add the flags to add, split at spaces ({dir} is a temporary directory)
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      no arrivals               | --pattern                   | -                                          | --arrivals/--pattern: give one of them
      both arrivals             | -                           | --arrivals a.csv                           | --arrivals/--pattern: give one of them
      missing csv               | --pattern                   | --arrivals {dir}/none.csv                  | --arrivals: '{dir}/none.csv' does not exist
      bad pattern               | --pattern                   | --pattern ramp:rate=1/s                    | --pattern: unknown pattern 'ramp'
      bad pattern rate          | --pattern                   | --pattern steady:rate=fast                 | --pattern steady rate: 'fast' is not valid; use a number per s, m or h
      seed not a number         | -                           | --seed x                                   | Invalid value for option '--seed': 'x' is not a long
      seed with a file          | --pattern                   | --arrivals {dir}/good.csv --seed 3         | --seed: applies to --pattern only
      bad object size           | -                           | --object-size 12parsecs                    | --object-size: '12parsecs' is not valid
      object size with bytes col| --pattern                   | --arrivals {dir}/good.csv --object-size 1MB | --object-size: the file gives each row's bytes
      no object size for bytes  | --throughput                | --throughput 50MB/s                        | --object-size: required with --pattern when bytes matter
      bad duration              | --duration                  | --duration 2days                           | --duration: '2days' is not valid; use a duration such as
      zero duration             | --duration                  | --duration 0s                              | --duration: '0s' is not valid; use a duration such as 500ms, 30s, 5m, 1h or 1h30m (must be greater than zero)
      both files                | -                           | --scaled-object {dir}/so.yaml --scaled-job {dir}/so.yaml | --scaled-object/--scaled-job: give one of them
      missing yaml              | --target-object-count       | --scaled-object {dir}/none.yaml            | --scaled-object: '{dir}/none.yaml' is not a file
      file and a flag           | -                           | --scaled-object {dir}/so.yaml              | --target-object-count: the scaler's settings come from --scaled-object
      job file for object       | --target-object-count       | --scaled-job {dir}/so.yaml                 | document 1 is a ScaledObject; give it with --scaled-object
      bad kind                  | -                           | --kind Deployment                          | --kind: 'Deployment' is not valid; use ScaledObject or ScaledJob
      claims on an object       | -                           | --claims                                   | --claims: does not apply to a ScaledObject
      bad target kind           | -                           | --target-kind Job                          | --target-kind: 'Job' is not valid; use Deployment or StatefulSet
      negative min              | -                           | --min-replicas -1                          | --min-replicas: '-1' is not valid; use a whole number, 0 or more
      max below min             | -                           | --min-replicas 5 --max-replicas 2          | --max-replicas: 2 is below --min-replicas 5
      zero polling              | -                           | --polling-interval 0                       | --polling-interval: '0' is not valid; use a whole number, 1 or more
      negative cooldown         | -                           | --cooldown-period -5                       | --cooldown-period: '-5' is not valid
      idle not below min        | -                           | --idle-replicas 0                          | --idle-replicas: 0 is not below --min-replicas 0
      fallback above max        | -                           | --fallback-replicas 50                     | --fallback-replicas: 50 is above --max-replicas 10
      window too long           | -                           | --scale-down-window 4000                   | behavior stabilizationWindowSeconds: 4000; use 0 to 3600
      bad policy                | -                           | --scale-up-policy Pods:0:15                | --scale-up-policy: 'Pods:0:15' is not valid
      bad policy type           | -                           | --scale-down-policy Nodes:1:60             | --scale-down-policy: 'Nodes' is not valid; use Pods or Percent
      bad select                | -                           | --scale-up-select Most                     | --scale-up-select: 'Most' is not valid; use Max, Min or Disabled
      job flag on object        | -                           | --image apache/spark:4.1.0                 | --image: does not apply to a ScaledObject; add --kind ScaledJob if you mean one
      object flag on job        | -                           | --kind ScaledJob --cooldown-period 60      | --cooldown-period: does not apply to a ScaledJob
      bad strategy              | -                           | --kind ScaledJob --scaling-strategy greedy | --scaling-strategy: 'greedy' is not valid; use default, custom, accurate or eager
      custom keys on default    | -                           | --kind ScaledJob --custom-queue-length-deduction 2 | apply only to the custom strategy
      bad percentage            | -                           | --kind ScaledJob --scaling-strategy custom --custom-running-job-percentage half | --custom-running-job-percentage: 'half' is not valid
      bad name                  | -                           | --name Bad_Name                            | --name: 'Bad_Name' is not valid; use a Kubernetes name
      bad scaler address        | -                           | --scaler-address nowhere                   | --scaler-address: 'nowhere' is not valid; use HOST:PORT
      bad bucket                | -                           | --bucket Bad_Bucket                        | --bucket: 'Bad_Bucket' is not valid
      bad metric                | -                           | --metric files                             | --metric: 'files' is not valid; use objects or bytes
      zero target               | --target-object-count       | --target-object-count 0                    | --target-object-count: '0' is not valid; use a whole number from 1 to
      bytes target on objects   | -                           | --target-bytes 10GB                        | --target-bytes: only applies when metric is bytes
      bad min object age        | -                           | --min-object-age soon                      | --min-object-age: 'soon' is not valid
      no throughput             | --throughput                | -                                          | --throughput/--event-log: give one of them
      both throughputs          | -                           | --event-log {dir}/none.log                 | --throughput/--event-log: give one of them
      bad throughput            | --throughput                | --throughput fast                          | --throughput: 'fast' is not valid; use objects per second such as 2/s, or bytes such as 50MB/s
      zero throughput           | --throughput                | --throughput 0/s                           | --throughput: '0/s' is not valid
      throughput without time   | --throughput                | --throughput 10MB                          | --throughput: '10MB' is not valid
      missing event log         | --throughput                | --event-log {dir}/none.log                 | --event-log
      bad pod startup           | -                           | --pod-startup quick                        | --pod-startup: 'quick' is not valid; use a duration
      bad node startup          | -                           | --node-startup 1d                          | --node-startup: '1d' is not valid; use a duration
      bad scale-down delay      | -                           | --node-scale-down-delay -1m                | --node-scale-down-delay: '-1m' is not valid
      bad cache ttl             | -                           | --scaler-cache-ttl 10                      | --scaler-cache-ttl: '10' is not valid
      zero pods per node        | -                           | --pods-per-node 0                          | --pods-per-node: '0' is not valid; use a whole number of 1 or more
      negative min nodes        | -                           | --min-nodes -1                             | --min-nodes: '-1' is not valid; use a whole number of 0 or more
      no node                   | --cloud                     | -                                          | --cloud/--node-type: simulate packs replicas onto nodes
      unknown node type         | --cloud                     | --node-type m9.huge                        | --node-type: unknown node type 'm9.huge'
      spot without a price      | --cloud                     | --node-cores 16 --node-memory 64g --spot   | --spot: needs a node price
      data size                 | -                           | --data-size 1TB                            | --data-size: not used by simulate
      bad format                | -                           | --format xml                               | --format: 'xml' is not valid; use table or json
      bad plot type             | -                           | --plot {dir}/run.gif                       | --plot: '{dir}/run.gif' is not valid; name a .png or .svg file
      plot in no directory      | -                           | --plot {dir}/missing/run.png               | --plot: the directory of '{dir}/missing/run.png' does not exist
      timeline is a directory   | -                           | --timeline {dir}                           | is a directory; name a file
      same file twice           | -                           | --timeline {dir}/x.png --plot {dir}/x.png  | --plot/--timeline: name two different files
      submit args on an object  | -                           | -- --class x                               | '--class': spark-submit arguments apply to a ScaledJob
      executor cores            | -                           | --executor-cores 0                         | --executor-cores: use a whole number of 1 or more
      executor cores not int    | -                           | --executor-cores x                         | Invalid value for option '--executor-cores': 'x' is not an int
      executor memory           | -                           | --executor-memory 8                        | --executor-memory: '8' has no unit
      executor preset           | -                           | --executor-preset huge                     | --executor-preset: 'huge' is not valid; use small, medium, large or xlarge
      overhead factor           | -                           | --memory-overhead-factor 2                 | --memory-overhead-factor: '2' is out of range; use 0 to 1
      min overhead              | -                           | --min-memory-overhead x                    | --min-memory-overhead: 'x' is not valid; give a unit
      max pods                  | -                           | --max-pods 0                               | --max-pods: use a whole number of 1 or more
      node price                | -                           | --node-price free                          | --node-price: 'free' is not a number; use a price in USD per hour above 0
      reserved on a catalogue   | -                           | --reserved-cores 2                         | --reserved-cores/--reserved-memory: describe a custom node
      daemonset cpu             | -                           | --daemonset-cpu lots                       | --daemonset-cpu: 'lots' is not valid; use cores such as 2 or 0.5
      daemonset memory          | -                           | --daemonset-memory 1q                      | --daemonset-memory: '1q' is not valid
      spot discount             | -                           | --spot-discount 2                          | --spot-discount: '2' is out of range; use a fraction from 0 to below 1
      region                    | -                           | --region x                                 | --region: 'x' is not valid; use an AWS region
      s3 endpoint               | -                           | --s3-endpoint x                            | --s3-endpoint: 'x' is not valid; use an http:// or https:// URL
      waves on an object        | -                           | --waves 2                                  | --waves: does not apply to a ScaledObject: simulate uses the sizing flags only to pack replicas onto nodes
      driver on an object       | -                           | --driver-cores 2                           | --driver-cores: does not apply to a ScaledObject
      max nodes on an object    | -                           | --max-nodes 3                              | --max-nodes: does not apply to a ScaledObject
      bad waves on a job        | -                           | --kind ScaledJob --waves 0                 | --waves: use a whole number from 1 to 1000
      activation not a number   | -                           | --activation-target-object-count x         | Invalid value for option '--activation-target-object-count': 'x' is not a long
      activation bytes, objects | -                           | --activation-target-bytes 1GB              | --activation-target-bytes: only applies when metric is bytes
      scan limit                | -                           | --scan-limit 0                             | --scan-limit: '0' is not valid; use a whole number from 1 to 100000000
      namespace                 | -                           | --namespace Bad_NS                         | --namespace: 'Bad_NS' is not valid; use a Kubernetes name
      target name               | -                           | --target-name Bad_Name                     | --target-name: 'Bad_Name' is not valid; use a Kubernetes name
      tls secret                | -                           | --tls-secret Bad_                          | --tls-secret: 'Bad_' is not valid; use a Kubernetes name
      service account           | -                           | --kind ScaledJob --service-account Bad_    | --service-account: 'Bad_' is not valid; use a Kubernetes name
      scale-up window           | -                           | --scale-up-window -1                       | behavior stabilizationWindowSeconds: -1; use 0 to 3600
      scale-down select         | -                           | --scale-down-select x                      | --scale-down-select: 'x' is not valid; use Max, Min or Disabled
      queue url                 | -                           | --notification-queue-url x                 | --notification-queue-url: 'x' is not valid; use an SQS queue URL
      reconcile without queue   | -                           | --reconcile-interval 5m                    | --reconcile-interval: only applies with --notification-queue-url
      """)
  void aBadFlagExitsTwoNamingIt(String what, String drop, String add, String message) throws Exception {
    Files.writeString(dir.resolve("good.csv"), "time,objects,bytes\n0,1,1\n");
    Files.writeString(dir.resolve("so.yaml"), SO);
    List<String> args = new ArrayList<>();
    List<String> base = Sim.BASE;
    for (int i = 0; i < base.size(); i++) {
      if (base.get(i).equals(drop)) {
        i++;
      } else {
        args.add(base.get(i));
      }
    }
    if (!add.equals("-")) {
      for (String word : add.split(" ")) {
        args.add(word.replace("{dir}", dir.toString()));
      }
    }
    String err = Sim.badInput(CliRunner.run(args.toArray(String[]::new)));
    assertThat(err).contains(message.replace("{dir}", dir.toString()));
  }

  /** The sweep's flags, beside everything a sweep needs (the names its manifest carries). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      range without sweep       | --sweep-target 10,20                       | --sweep-target: applies to a sweep; add --sweep
      goal without sweep        | --p95-goal 5m                              | --p95-goal: applies to a sweep; add --sweep
      threads without sweep     | --sweep-threads 2                          | --sweep-threads: applies to a sweep; add --sweep
      sweep without ranges      | --sweep                                    | --sweep: give the values to try: one or more of --sweep-target, --sweep-polling-interval, --sweep-cooldown-period, --sweep-max-replicas
      sweep without names       | --sweep --sweep-target 10 --drop-names     | --bucket, --name, --scaler-address, --target-name: required with --sweep
      zero target               | --sweep --sweep-target 0,10                | --sweep-target: '0' is not valid; use whole numbers from 1 to 1000000000000
      target not a number       | --sweep --sweep-target ten                 | --sweep-target: 'ten' is not valid; use whole numbers
      empty item                | --sweep --sweep-target 10,,20              | --sweep-target: '10,,20' is not valid; an empty item
      range going down          | --sweep --sweep-target 50..10              | --sweep-target: '50..10' is not valid; a range goes up
      too many values           | --sweep --sweep-target 1..5000             | --sweep-target: '1..5000' lists more than 1000 values
      bad step                  | --sweep --sweep-target 10..50:x            | --sweep-target: 'x' is not valid
      zero step                 | --sweep --sweep-cooldown-period 0..60:0    | --sweep-cooldown-period: '0..60:0' is not valid; a range's STEP is 1 or more
      zero polling              | --sweep --sweep-polling-interval 0,30      | --sweep-polling-interval: '0' is not valid; use whole numbers from 1
      negative cooldown         | --sweep --sweep-cooldown-period -60        | --sweep-cooldown-period: '-60' is not valid; use whole numbers from 0
      zero max replicas         | --sweep --sweep-max-replicas 0..4          | --sweep-max-replicas: '0' is not valid; use whole numbers from 1
      max below min             | --sweep --min-replicas 3 --sweep-max-replicas 2,5 | --sweep-max-replicas: 2 is below --min-replicas 3; list values of at least 3
      max below fallback        | --sweep --fallback-replicas 4 --sweep-max-replicas 2,5 | --sweep-max-replicas: 2 is below --fallback-replicas 4
      bytes target not a size   | --sweep --metric bytes --target-bytes 1GB --object-size 1MB --sweep-target lots | --sweep-target: 'lots' is not valid
      cooldown on a job         | --sweep --kind ScaledJob --image apache/spark:4.1.0 --sweep-cooldown-period 60 | --sweep-cooldown-period: does not apply to a ScaledJob
      too many settings         | --sweep --sweep-target 1..1000 --sweep-max-replicas 1..20 | --sweep: 20000 settings; at most 10000 in one sweep
      bad goal                  | --sweep --sweep-target 10 --p95-goal soon  | --p95-goal: 'soon' is not valid; use a duration
      zero goal                 | --sweep --sweep-target 10 --p95-goal 0s    | --p95-goal: '0s' is not valid
      zero threads              | --sweep --sweep-target 10 --sweep-threads 0 | --sweep-threads: '0' is not valid; use a whole number of 1 or more
      """)
  void aBadSweepFlagExitsTwoNamingIt(String what, String add, String message) {
    List<String> args = new ArrayList<>(Sim.BASE);
    if (add.contains("--metric bytes")) {
      args.subList(args.indexOf("--target-object-count"), args.indexOf("--target-object-count") + 2).clear();
    }
    boolean names = !add.contains("--drop-names");
    if (names) {
      args.addAll(List.of("--name", "etl", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing"));
      if (!add.contains("ScaledJob")) {
        args.addAll(List.of("--target-name", "connect"));
      }
    }
    for (String word : add.replace("--drop-names", "").trim().split(" ")) {
      args.add(word);
    }
    String err = Sim.badInput(CliRunner.run(args.toArray(String[]::new)));
    assertThat(err).contains(message);
  }

  static final String SO = """
      apiVersion: keda.sh/v1alpha1
      kind: ScaledObject
      metadata:
        name: etl
      spec:
        scaleTargetRef:
          name: connect
        triggers:
          - type: external
            metadata:
              scalerAddress: sparkscale.keda.svc:9090
              bucket: landing
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty                 | ''                                             | is empty; its first line must be the header time,objects,bytes
      bad header            | 'when,count\\n0,1\\n'                          | line 1: header 'when,count' is not valid
      header only           | 'time,objects,bytes\\n'                        | has a header but no rows
      missing field         | 'time,objects,bytes\\n0,1\\n'                  | line 2: 2 fields, expected 3
      extra field           | 'time,objects,bytes\\n0,1,2,3\\n'              | line 2: more than 3 fields, expected 3
      bad time              | 'time,objects,bytes\\n0,1,1\\nnoon,1,1\\n'     | line 3: time 'noon' is not seconds from the start like the first row's
      bad iso               | 'time,objects,bytes\\n2026-13-01T00:00:00Z,1,1\\n' | line 2: time '2026-13-01T00:00:00Z' is not valid
      no offset             | 'time,objects,bytes\\n2026-03-01T00:00:00,1,1\\n'  | line 2: time '2026-03-01T00:00:00' has no offset
      mixed kinds           | 'time,objects,bytes\\n2026-03-01T00:00:00Z,1,1\\n60,1,1\\n' | line 3: time '60' is seconds while the first row's is ISO-8601
      bad objects           | 'time,objects,bytes\\n0,many,1\\n'             | line 2: objects 'many' is not valid; use a whole number of 0 or more
      bad bytes             | 'time,objects,bytes\\n0,1,1e6\\n'              | line 2: bytes '1e6' is not valid
      bytes without objects | 'time,objects,bytes\\n0,0,10\\n'               | line 2: bytes 10 with 0 objects
      out of order          | 'time,objects,bytes\\n0,1,1\\n20,1,1\\n10,1,1\\n' | line 4: time '10' is before the previous row's; rows must be in time order
      not utf-8             | 'time,objects,bytes\\n0,1,1\\n\\u00ff'          | line 3: is not UTF-8 text
      """)
  void aBadCsvRowExitsTwoNamingItsLineAndWritesNothing(String what, String csv, String message) throws Exception {
    Path file = dir.resolve(what.replace(' ', '-') + ".csv");
    String text = csv.replace("\\n", "\n");
    if (text.contains("\\u00ff")) {
      byte[] head = text.replace("\\u00ff", "").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
      bytes[head.length] = (byte) 0xff;
      bytes[head.length + 1] = '\n';
      Files.write(file, bytes);
    } else {
      Files.writeString(file, text);
    }
    Path out = Files.createDirectories(dir.resolve("out-" + what.replace(' ', '-')));
    String err = Sim.badInput(CliRunner.run("simulate", "--arrivals", file.toString(), "--throughput", "1/s",
        "--cloud", "aws", "--timeline", out.resolve("t.csv").toString(), "--plot", out.resolve("p.png").toString()));
    assertThat(err).startsWith("sparkscale simulate: --arrivals: " + file + " ").contains(message);
    try (var files = Files.list(out)) {
      assertThat(files).as("nothing written, not even a temporary file").isEmpty();
    }
  }
}
