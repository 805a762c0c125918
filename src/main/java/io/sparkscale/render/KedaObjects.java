package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** KEDA objects for sparkscale: ScaledObject, its TLS TriggerAuthentication, and the shared trigger. */
public final class KedaObjects {

  static final String API_VERSION = "keda.sh/v1alpha1";
  /** Keys of a kubernetes.io/tls Secret (cert-manager adds ca.crt); KEDA's parameter names for each. */
  static final String[][] TLS_PARAMETERS = {
    {"caCert", "ca.crt"}, {"tlsClientCert", "tls.crt"}, {"tlsClientKey", "tls.key"}
  };

  private KedaObjects() {}

  public static List<Document> scaledObject(ScaledObjectSpec spec) {
    List<Document> documents = new ArrayList<>();
    String authName = spec.tlsSecret() == null ? null : tlsAuthName(spec.name());
    if (authName != null) {
      documents.add(Yaml.document(triggerAuthentication(authName, spec.namespace(), spec.tlsSecret())));
    }
    ObjectNode so = Yaml.resource(API_VERSION, "ScaledObject", spec.name(), spec.namespace());
    ObjectNode body = so.putObject("spec");
    ObjectNode target = body.putObject("scaleTargetRef");
    target.put("apiVersion", "apps/v1");
    target.put("kind", spec.targetKind().kind());
    target.put("name", spec.targetName());
    body.put("pollingInterval", spec.pollingIntervalSeconds());
    body.put("cooldownPeriod", spec.cooldownPeriodSeconds());
    body.put("minReplicaCount", spec.minReplicas());
    body.put("maxReplicaCount", spec.maxReplicas());
    if (spec.fallbackReplicas() != null) {
      ObjectNode fallback = body.putObject("fallback");
      fallback.put("failureThreshold", ScaledObjectSpec.FALLBACK_FAILURE_THRESHOLD);
      fallback.put("replicas", spec.fallbackReplicas());
      if (spec.fallbackBehavior() != null) {
        fallback.put("behavior", spec.fallbackBehavior().spelling());
      }
    }
    if (spec.behavior() != null) {
      body.putObject("advanced").putObject("horizontalPodAutoscalerConfig").set("behavior", spec.behavior().toYaml());
    }
    body.set("triggers", triggers(spec.trigger(), authName));
    documents.add(Yaml.document(so));
    return documents;
  }

  /** The triggers list with sparkscale's one trigger; authName null when the connection is plaintext. */
  static ArrayNode triggers(ScalerTrigger trigger, String authName) {
    ArrayNode triggers = Yaml.array();
    ObjectNode t = triggers.addObject();
    t.put("type", trigger.type());
    // A fixed name keeps the HPA metric name stable, and tells two sparkscale triggers apart.
    t.put("name", "sparkscale");
    ObjectNode metadata = t.putObject("metadata");
    trigger.metadata().forEach(metadata::put);
    if (authName != null) {
      t.putObject("authenticationRef").put("name", authName);
    }
    return triggers;
  }

  static String tlsAuthName(String owner) {
    String name = owner + "-sparkscale-tls";
    // Stay a valid name when the owner's is already long.
    return name.length() <= 63 ? name : owner.substring(0, 63 - "-tls".length()) + "-tls";
  }

  /** KEDA reads the scaler connection's CA, client certificate and key from this, not the metadata. */
  static ObjectNode triggerAuthentication(String name, String namespace, String secret) {
    ObjectNode auth = Yaml.resource(API_VERSION, "TriggerAuthentication", name, namespace);
    ArrayNode refs = auth.putObject("spec").putArray("secretTargetRef");
    for (String[] parameter : TLS_PARAMETERS) {
      ObjectNode ref = refs.addObject();
      ref.put("parameter", parameter[0]);
      ref.put("name", secret);
      ref.put("key", parameter[1]);
    }
    return auth;
  }
}
