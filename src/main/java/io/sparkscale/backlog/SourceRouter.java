package io.sparkscale.backlog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Hands each key to the source of its {@link CountMode}: the routes are tried in order and the first mode
 * that selects the key counts it. A route may name a fallback mode: when its source declines a key
 * ({@link SourceDeclinedException}, e.g. a notification queue that cannot be trusted right now), the
 * fallback's source counts it instead, in the same call. Sources never call each other; this class is the
 * only place that knows more than one of them.
 *
 * <pre>{@code
 * new SourceRouter(List.of(
 *     SourceRouter.route(CountMode.NOTIFICATIONS, notifications).fallingBackTo(CountMode.LISTING),
 *     SourceRouter.route(CountMode.LISTING, listing)));
 * }</pre>
 */
public final class SourceRouter implements BacklogSource {

  /** A mode, the source that counts it, and the mode that counts what that source declines (or null). */
  public record Route(CountMode mode, BacklogSource source, CountMode fallback) {

    public Route {
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(source, "source");
    }

    /** This route, its declined keys counted by the route of {@code fallback}. */
    public Route fallingBackTo(CountMode fallback) {
      return new Route(mode, source, Objects.requireNonNull(fallback, "fallback"));
    }
  }

  private final List<Route> routes;

  /**
   * @param routes tried in order; a fallback must name a mode routed here whose own route has no fallback
   *     (one hop, so a decline can never loop)
   */
  public SourceRouter(List<Route> routes) {
    this.routes = List.copyOf(routes);
    Set<CountMode> modes = new HashSet<>();
    for (Route route : this.routes) {
      if (!modes.add(route.mode())) {
        throw new IllegalArgumentException("mode " + route.mode() + " is routed twice");
      }
    }
    for (Route route : this.routes) {
      if (route.fallback() != null) {
        Route fallback = find(route.fallback());
        if (fallback == null || fallback.fallback() != null) {
          throw new IllegalArgumentException("the fallback of " + route.mode() + ", " + route.fallback()
              + ", must be routed here without a fallback of its own");
        }
      }
    }
  }

  public static Route route(CountMode mode, BacklogSource source) {
    return new Route(mode, source, null);
  }

  @Override
  public BacklogCount count(CountKey key) throws BacklogUnavailableException {
    Route route = routeOf(key);
    if (route == null) {
      throw new BacklogUnavailableException("no source counts " + key.describe() + " (modes: " + modes() + ")");
    }
    try {
      return route.source().count(key);
    } catch (SourceDeclinedException declined) {
      if (route.fallback() == null) {
        throw declined;
      }
      return find(route.fallback()).source().count(key);
    }
  }

  /** The mode a key is routed by (its first count attempt), or null when no route selects it. */
  public CountMode modeOf(CountKey key) {
    Route route = routeOf(key);
    return route == null ? null : route.mode();
  }

  private Route routeOf(CountKey key) {
    for (Route route : routes) {
      if (route.mode().selects(key)) {
        return route;
      }
    }
    return null;
  }

  private Route find(CountMode mode) {
    for (Route route : routes) {
      if (route.mode().equals(mode)) {
        return route;
      }
    }
    return null;
  }

  private List<String> modes() {
    List<String> names = new ArrayList<>();
    routes.forEach(route -> names.add(route.mode().name()));
    return names;
  }
}
