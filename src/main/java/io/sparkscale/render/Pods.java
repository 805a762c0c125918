package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Pod and container fragments shared by the renderers: hardened defaults and resources. */
final class Pods {

  private Pods() {}

  /** What the restricted Pod Security Standard asks of a container, plus a read-only root. */
  static ObjectNode restrictedContainer() {
    ObjectNode sc = Yaml.object();
    sc.put("allowPrivilegeEscalation", false);
    sc.put("readOnlyRootFilesystem", true);
    sc.put("runAsNonRoot", true);
    sc.putObject("capabilities").set("drop", Yaml.strings("ALL"));
    sc.putObject("seccompProfile").put("type", "RuntimeDefault");
    return sc;
  }

  /** Requests and a memory ceiling; no CPU limit: throttling would stretch answers past KEDA's timeout. */
  static ObjectNode resources(String cpuRequest, String memoryRequest, String memoryLimit) {
    ObjectNode r = Yaml.object();
    ObjectNode requests = r.putObject("requests");
    requests.put("cpu", cpuRequest);
    requests.put("memory", memoryRequest);
    r.putObject("limits").put("memory", memoryLimit);
    return r;
  }
}
