#!/bin/sh
# Trains the JDK's AOT caches (JEP 483/514, JDK 25 or later) for a packaged sparkscale. The image build
# (deploy/Dockerfile.jvm) and the start-up benchmark (src/test/java/io/sparkscale/bench) both run this, so the
# caches they measure are the ones the image ships.
#
#   deploy/aot-train.sh APP_DIR OUT_DIR [JAVA]
#
# Writes OUT_DIR/cli.aot (every command but serve) and OUT_DIR/serve.aot, for
#   java $JAVA_OPTS -XX:AOTCache=OUT_DIR/cli.aot -jar /ABSOLUTE/APP_DIR/quarkus-run.jar ...
# (the jar by the absolute path trained here: a cache maps only for the class path it was trained with).
# Two caches, because a JVM loads everything its cache holds when it starts: one trained on serve too would
# make each CLI run load the gRPC and Netty server classes. deploy/sparkscale picks the cache by the command.
#
# APP_DIR: an aot-jar layout (quarkus.package.jar.type=aot-jar, target/quarkus-aot after ./mvnw package: the
# cache only holds classes on the JDK's own class path). JAVA: the java that will use the caches (default:
# java on the PATH); a cache maps only into the JDK build that wrote it. JAVA_OPTS: the JVM options the
# application runs with (the image's), used for training too so the caches match them.
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 APP_DIR OUT_DIR [JAVA]" >&2
  exit 2
fi
app_dir=$1
out_dir=$2
java=${3:-java}

feature=$("$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
if [ -z "$feature" ] || [ "$feature" -lt 25 ]; then
  echo "aot-train: $java is Java ${feature:-unknown}; the AOT cache needs JDK 25 or later" >&2
  exit 3
fi
if [ ! -f "$app_dir/quarkus-run.jar" ]; then
  echo "aot-train: no $app_dir/quarkus-run.jar" >&2
  exit 2
fi
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)
jar=$(cd "$app_dir" && pwd)/quarkus-run.jar

# train NAME ARGS...: one training JVM (io.sparkscale.cli.AotTraining) that writes OUT_DIR/NAME.aot as it exits.
train() {
  cache=$out_dir/$1.aot
  shift
  rm -f "$cache" "$cache.config"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  "$java" ${JAVA_OPTS:-} -XX:AOTCacheOutput="$cache" -Xlog:aot=error -Xlog:aot+codecache=error \
    -cp "$jar" io.sparkscale.cli.AotTraining "$@" > /dev/null
  if [ ! -s "$cache" ]; then
    echo "aot-train: the JVM wrote no cache at $cache" >&2
    exit 1
  fi
  echo "aot-train: wrote $cache ($(wc -c < "$cache") bytes)"
}

# The commands init containers and users run, one line each as typed after `sparkscale`; the last one also
# runs through the launcher, as every CLI run starts.
train cli cli \
  "rightsize --data-size 500GB --cloud aws --format json" \
  "rightsize --data-size 2TiB --format yaml" \
  "rightsize --data-size 1TB --format spark-conf" \
  "render scaledobject --name etl --bucket incoming --prefix batch/ --target-name etl --scaler-address sparkscale.keda:9090" \
  "render sparkapplication --name etl --data-size 1TB --image spark:3.5.3 --main-application-file local:///opt/app.py" \
  "rightsize --data-size 1TB"
train serve serve
