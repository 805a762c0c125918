package io.sparkscale.eventlog;

/** From {@code offsetSeconds} after the application started, {@code executors} executors were alive. */
public record ExecutorCount(double offsetSeconds, int executors) {}
