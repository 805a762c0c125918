package io.sparkscale.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.ExternalScalerProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KEDA talks to the scaler by package, service, method and field numbers: our generated descriptors must
 * describe exactly what KEDA main's externalscaler.proto (v2.21, with StreamMetricSpec) describes, and all
 * of what KEDA v2.20.2's describes, so both KEDA versions find every call and field where they expect it.
 */
class ExternalScalerWireTest {

  static final FileDescriptor OURS = ExternalScalerProto.getDescriptor();

  /** KEDA versions and the rpcs each names; a KEDA without StreamMetricSpec never calls it. */
  enum Keda {
    V2_20_2("/keda/externalscaler.proto", 4),
    MAIN_8B4F083("/keda/main-8b4f083/externalscaler.proto", 5);

    final String resource;
    final int rpcs;

    Keda(String resource, int rpcs) {
      this.resource = resource;
      this.rpcs = rpcs;
    }

    ProtoText read() throws IOException {
      try (InputStream in = ExternalScalerWireTest.class.getResourceAsStream(resource)) {
        return ProtoText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Keda.class)
  void theParserReadsKedasFile(Keda version) throws IOException {
    ProtoText keda = version.read();
    assertThat(keda.packageName()).isEqualTo("externalscaler");
    assertThat(keda.messages()).hasSize(7);
    assertThat(keda.services().get("ExternalScaler")).hasSize(version.rpcs);
    assertThat(keda.messages().get("ScaledObjectRef"))
        .contains(new ProtoText.Field("scalerMetadata", 3, "", "map", "string", "string"));
  }

  @ParameterizedTest
  @EnumSource(Keda.class)
  void packageAndMessagesMatch(Keda version) throws IOException {
    ProtoText keda = version.read();
    assertThat(OURS.getPackage()).isEqualTo(keda.packageName());
    assertThat(OURS.getMessageTypes()).extracting(Descriptor::getName)
        .containsExactlyInAnyOrderElementsOf(keda.messages().keySet());
  }

  @ParameterizedTest
  @EnumSource(Keda.class)
  void everyFieldMatchesByNameNumberTypeAndLabel(Keda version) throws IOException {
    for (Map.Entry<String, List<ProtoText.Field>> message : version.read().messages().entrySet()) {
      Descriptor ours = OURS.findMessageTypeByName(message.getKey());
      assertThat(describe(ours.getFields()))
          .as("fields of %s", message.getKey())
          .containsExactlyInAnyOrderElementsOf(message.getValue());
    }
  }

  @Test
  void serviceAndRpcsMatchKedaMainExactly() throws IOException {
    ProtoText keda = Keda.MAIN_8B4F083.read();
    assertThat(OURS.getServices()).extracting(ServiceDescriptor::getName)
        .containsExactlyElementsOf(keda.services().keySet());
    assertThat(ourRpcs()).containsExactlyInAnyOrderElementsOf(keda.services().get("ExternalScaler"));
    // The gRPC path KEDA dials is derived from the proto package and service name.
    assertThat(ExternalScalerGrpc.SERVICE_NAME).isEqualTo("externalscaler.ExternalScaler");
    assertThat(ExternalScalerGrpc.getStreamIsActiveMethod().getFullMethodName())
        .isEqualTo("externalscaler.ExternalScaler/StreamIsActive");
    assertThat(ExternalScalerGrpc.getStreamMetricSpecMethod().getFullMethodName())
        .isEqualTo("externalscaler.ExternalScaler/StreamMetricSpec");
  }

  @Test
  void everyRpcOfV2202IsServedUnchangedAndOnlyStreamMetricSpecIsAdded() throws IOException {
    List<ProtoText.Rpc> old = Keda.V2_20_2.read().services().get("ExternalScaler");
    List<ProtoText.Rpc> ours = ourRpcs();
    assertThat(ours).containsAll(old);
    assertThat(ours).filteredOn(rpc -> !old.contains(rpc))
        .containsExactly(new ProtoText.Rpc("StreamMetricSpec", "ScaledObjectRef", false, "GetMetricSpecResponse", true));
  }

  private static List<ProtoText.Rpc> ourRpcs() {
    List<ProtoText.Rpc> ours = new ArrayList<>();
    for (MethodDescriptor method : OURS.findServiceByName("ExternalScaler").getMethods()) {
      ours.add(
          new ProtoText.Rpc(
              method.getName(),
              method.getInputType().getName(),
              method.isClientStreaming(),
              method.getOutputType().getName(),
              method.isServerStreaming()));
    }
    return ours;
  }

  private static List<ProtoText.Field> describe(List<FieldDescriptor> fields) {
    List<ProtoText.Field> out = new ArrayList<>();
    for (FieldDescriptor field : fields) {
      if (field.isMapField()) {
        Descriptor entry = field.getMessageType();
        out.add(
            new ProtoText.Field(
                field.getName(), field.getNumber(), "", "map",
                typeName(entry.findFieldByName("key")), typeName(entry.findFieldByName("value"))));
      } else {
        out.add(
            new ProtoText.Field(
                field.getName(), field.getNumber(), field.isRepeated() ? "repeated" : "",
                typeName(field), null, null));
      }
    }
    return out;
  }

  private static String typeName(FieldDescriptor field) {
    return field.getType() == FieldDescriptor.Type.MESSAGE
        ? field.getMessageType().getName()
        : field.getType().name().toLowerCase();
  }
}
