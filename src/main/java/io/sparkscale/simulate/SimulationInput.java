package io.sparkscale.simulate;

import java.time.Duration;
import java.util.Objects;

/**
 * One run of the scaling loop.
 *
 * @param scalerCacheTtl how old a count the scaler may answer with (serve's --cache-ttl; zero: always exact)
 * @param duration how long arrivals are replayed; null: until the last arrival. The run goes on past it
 *     until the backlog is processed and the replicas are back at their floor.
 */
public record SimulationInput(
    Scaling scaling, WorkModel work, Duration scalerCacheTtl, ArrivalSource arrivals, Duration duration) {

  public SimulationInput {
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(work, "work");
    Objects.requireNonNull(scalerCacheTtl, "scalerCacheTtl");
    Objects.requireNonNull(arrivals, "arrivals");
  }
}
