package io.sparkscale.simulate;

/** Receives the timeline as it is made, so a long run needs no memory for it unless the sink keeps it. */
@FunctionalInterface
public interface TimelineSink {

  TimelineSink NONE = point -> {};

  void accept(TimelinePoint point);
}
