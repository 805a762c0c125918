package io.sparkscale.render;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Validates built-in kinds against fabric8's Kubernetes model. fabric8 keeps fields it does not know in
 * additionalProperties instead of failing, so after reading, the whole object graph is walked and any
 * such field is reported with its path.
 */
public final class KubernetesModels {

  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/Pod", io.fabric8.kubernetes.api.model.Pod.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "v1/Secret", Secret.class,
          "apps/v1/Deployment", Deployment.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  /** No "9090" for 9090: the API server refuses a string where the schema has a number. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private KubernetesModels() {}

  public static boolean knows(JsonNode resource) {
    return KINDS.containsKey(resource.path("apiVersion").asText() + "/" + resource.path("kind").asText());
  }

  /** Error messages for a built-in kind; empty when valid. */
  public static List<String> validate(JsonNode resource) {
    String key = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    Class<?> type = KINDS.get(key);
    return type == null ? List.of("no model known for " + key) : validate(resource, type, key);
  }

  /** Metadata of any object, custom resources included (their CRDs only say `type: object`). */
  public static List<String> validateMetadata(JsonNode resource) {
    return validate(resource.path("metadata"), ObjectMeta.class, "metadata");
  }

  public static List<String> validateContainer(JsonNode container) {
    return validate(container, Container.class, "container");
  }

  public static List<String> validatePodSpec(JsonNode podSpec) {
    return validate(podSpec, PodSpec.class, "podSpec");
  }

  private static List<String> validate(JsonNode node, Class<?> type, String path) {
    List<String> errors = new ArrayList<>();
    try {
      walk(MAPPER.treeToValue(node, type), path, errors);
    } catch (Exception e) {
      errors.add(path + ": " + e.getMessage());
    }
    return errors;
  }

  private static void walk(Object value, String path, List<String> errors) throws Exception {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", errors);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        walk(e.getValue(), path + "." + e.getKey(), errors);
      }
      return;
    }
    if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !getter.getName().startsWith("get")) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          errors.add(path + ": unknown field(s) " + extra.keySet());
        }
      } else {
        walk(child, path + "." + property(getter.getName()), errors);
      }
    }
  }

  private static String property(String getter) {
    return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
  }
}
