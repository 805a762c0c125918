package io.sparkscale.simulate.sweep;

import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.Scaling;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Simulator;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.units.DaemonThreads;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every combination of a {@link SweepSpec} over one trace, spread over threads (one per core unless told),
 * summaries only, and returns the points, their Pareto front and a recommended point.
 */
public final class Sweep {

  private Sweep() {}

  /**
   * @param duration as {@link SimulationInput#duration()}, or null
   * @param p95GoalSeconds the recommendation's goal, or null for the knee of the front
   * @param threads how many runs at once (0: one per available core)
   */
  public static SweepResult run(SweepSpec spec, ArrivalTrace trace, WorkModel work, Duration scalerCacheTtl,
      Duration duration, Double p95GoalSeconds, int threads) {
    List<Scaling> settings = new ArrayList<>();
    int skipped = combinations(spec, settings);
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    List<Summary> summaries = runAll(settings, trace, work, scalerCacheTtl, duration, n);
    boolean priced = work.nodePricePerHour() != null;
    long arrived = trace.objects();
    List<SweepPoint> points = new ArrayList<>(settings.size());
    for (int i = 0; i < settings.size(); i++) {
      Summary s = summaries.get(i);
      double cost = priced ? s.costUsd() : s.nodeSeconds();
      points.add(new SweepPoint(settings.get(i), s, cost, s.processedObjects() == arrived));
    }
    List<SweepPoint> front = ParetoFront.of(points);
    ParetoFront.Recommendation rec = ParetoFront.recommend(front, p95GoalSeconds);
    return new SweepResult(points, front, rec.point(), priced ? "USD" : "node-seconds", rec.reason(), skipped);
  }

  /** The settings in order: targets, then polling intervals, then cooldowns, then max replicas, varying last. */
  static int combinations(SweepSpec spec, List<Scaling> out) {
    Scaling base = spec.base();
    if (base instanceof ScaledJobModel && !spec.cooldownPeriodsSeconds().isEmpty()) {
      throw new InvalidInputException("sweep: cooldownPeriod applies to a ScaledObject only; a ScaledJob's Jobs"
          + " end with their work, so sweep target, polling interval and max replicas");
    }
    int skipped = 0;
    for (long target : orBase(spec.targets(), base.target())) {
      for (int poll : orBase(spec.pollingIntervalsSeconds(), base.pollingIntervalSeconds())) {
        for (int cooldown : orBase(spec.cooldownPeriodsSeconds(), cooldownOf(base))) {
          for (int max : orBase(spec.maxReplicas(), maxOf(base))) {
            Scaling s = with(base, target, poll, cooldown, max);
            if (s == null) {
              skipped++;
            } else {
              out.add(s);
            }
          }
        }
      }
    }
    return skipped;
  }

  private static <T> List<T> orBase(List<T> values, T base) {
    return values.isEmpty() ? List.of(base) : values;
  }

  private static int cooldownOf(Scaling s) {
    return s instanceof ScaledObjectModel so ? so.cooldownPeriodSeconds() : 0;
  }

  private static int maxOf(Scaling s) {
    return s instanceof ScaledObjectModel so ? so.maxReplicas() : ((ScaledJobModel) s).maxReplicas();
  }

  /** The base with these values, or null when KEDA would refuse it (minReplicaCount above maxReplicaCount). */
  static Scaling with(Scaling base, long target, int poll, int cooldown, int max) {
    if (base instanceof ScaledObjectModel so) {
      if (so.minReplicas() > max) {
        return null;
      }
      return new ScaledObjectModel(poll, cooldown, so.minReplicas(), max, so.idleReplicas(), so.metric(), target,
          so.activationTarget(), so.behavior(), so.behaviorInSpec(), so.useCachedMetrics());
    }
    ScaledJobModel sj = (ScaledJobModel) base;
    return new ScaledJobModel(poll, max, sj.metric(), target, sj.activationTarget(), sj.strategy(),
        sj.claimsAtStart());
  }

  private static List<Summary> runAll(List<Scaling> settings, ArrivalTrace trace, WorkModel work, Duration ttl,
      Duration duration, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("sparkscale-sweep-"));
    try {
      List<Future<Summary>> futures = new ArrayList<>(settings.size());
      for (Scaling s : settings) {
        futures.add(pool.submit(() -> Simulator.run(new SimulationInput(s, work, ttl, trace.source(), duration),
            TimelineSink.NONE)));
      }
      List<Summary> out = new ArrayList<>(settings.size());
      for (Future<Summary> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("sweep interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
