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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA talks to the scaler by package, service, method and field numbers: our generated descriptors must
 * describe exactly what KEDA v2.20.2's own externalscaler.proto describes.
 */
class ExternalScalerWireTest {

  static ProtoText keda;
  static final FileDescriptor OURS = ExternalScalerProto.getDescriptor();

  @BeforeAll
  static void readKedaProto() throws IOException {
    try (InputStream in = ExternalScalerWireTest.class.getResourceAsStream("/keda/externalscaler.proto")) {
      keda = ProtoText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theParserReadsKedasFile() {
    assertThat(keda.packageName()).isEqualTo("externalscaler");
    assertThat(keda.messages()).hasSize(7);
    assertThat(keda.services().get("ExternalScaler")).hasSize(4);
    assertThat(keda.messages().get("ScaledObjectRef"))
        .contains(new ProtoText.Field("scalerMetadata", 3, "", "map", "string", "string"));
  }

  @Test
  void packageAndMessagesMatch() {
    assertThat(OURS.getPackage()).isEqualTo(keda.packageName());
    assertThat(OURS.getMessageTypes()).extracting(Descriptor::getName)
        .containsExactlyInAnyOrderElementsOf(keda.messages().keySet());
  }

  @Test
  void everyFieldMatchesByNameNumberTypeAndLabel() {
    for (Map.Entry<String, List<ProtoText.Field>> message : keda.messages().entrySet()) {
      Descriptor ours = OURS.findMessageTypeByName(message.getKey());
      assertThat(describe(ours.getFields()))
          .as("fields of %s", message.getKey())
          .containsExactlyInAnyOrderElementsOf(message.getValue());
    }
  }

  @Test
  void serviceAndRpcsMatchIncludingStreaming() {
    assertThat(OURS.getServices()).extracting(ServiceDescriptor::getName)
        .containsExactlyElementsOf(keda.services().keySet());
    ServiceDescriptor service = OURS.findServiceByName("ExternalScaler");
    List<ProtoText.Rpc> ours = new ArrayList<>();
    for (MethodDescriptor method : service.getMethods()) {
      ours.add(
          new ProtoText.Rpc(
              method.getName(),
              method.getInputType().getName(),
              method.isClientStreaming(),
              method.getOutputType().getName(),
              method.isServerStreaming()));
    }
    assertThat(ours).containsExactlyInAnyOrderElementsOf(keda.services().get("ExternalScaler"));
    // The gRPC path KEDA dials is derived from the proto package and service name.
    assertThat(ExternalScalerGrpc.SERVICE_NAME).isEqualTo("externalscaler.ExternalScaler");
    assertThat(ExternalScalerGrpc.getStreamIsActiveMethod().getFullMethodName())
        .isEqualTo("externalscaler.ExternalScaler/StreamIsActive");
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
