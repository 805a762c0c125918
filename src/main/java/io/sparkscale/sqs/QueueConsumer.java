package io.sparkscale.sqs;

import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.notifications.ObjectEvent;
import io.sparkscale.notifications.QueueFeed;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Receives one queue's messages with asynchronous long polls: a receive in flight holds a connection of
 * the shared pool, never a thread, so a thousand idle queues cost a thousand connections and no thread of
 * their own. Answers are handled on the shared work pool: events go to the sink and only then are the
 * messages deleted (a crash in between redelivers them; sequencers make the repeat harmless).
 *
 * <p>One receive is in flight while the queue is quiet; a full batch (10 messages) adds another, up to
 * {@link #RECEIVERS}, and an empty answer takes one away. Errors back off from 1 s to 30 s on the shared
 * timer and are reported through {@link #failure()} until a receive works.
 *
 * <p>A message that is not an S3 event notification belongs to someone else: it is deleted only when the
 * tenant policy grants this queue ({@code queueGranted}), else left for its owner (it comes back after the
 * queue's visibility timeout). A notification with some bad records has its good records applied and is
 * deleted; the bad ones are counted.
 */
final class QueueConsumer implements QueueFeed {

  /** Receives in flight per queue while its batches come back full: enough for about 1,000 events/s. */
  static final int RECEIVERS = 4;
  /** SQS returns at most 10 messages per receive. */
  static final int MAX_BATCH = 10;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger(QueueConsumer.class.getName());

  private final SqsAsyncClient client;
  private final String queueUrl;
  private final Sink sink;
  private final NotificationListener listener;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final Executor work;
  private final Predicate<String> queueGranted;
  private final ReceiveMessageRequest request;
  private final AtomicInteger receivers = new AtomicInteger();
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Instant lastMessageAt;
  private volatile Instant lastReceiveAt;
  private volatile String failure;
  private volatile Duration backoff = FIRST_BACKOFF;
  private volatile boolean closed;

  QueueConsumer(SqsAsyncClient client, String queueUrl, Sink sink, NotificationListener listener, Clock clock,
      int waitSeconds, ScheduledExecutorService timers, Executor work, Predicate<String> queueGranted) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.sink = sink;
    this.listener = listener;
    this.clock = clock;
    this.timers = timers;
    this.work = work;
    this.queueGranted = queueGranted;
    this.request = ReceiveMessageRequest.builder().queueUrl(queueUrl).maxNumberOfMessages(MAX_BATCH)
        .waitTimeSeconds(waitSeconds).build();
  }

  QueueConsumer start() {
    lastReceiveAt = clock.instant();
    receivers.set(1);
    receive();
    return this;
  }

  @Override
  public Instant lastMessageAt() {
    return lastMessageAt;
  }

  @Override
  public Instant lastReceiveAt() {
    return lastReceiveAt;
  }

  @Override
  public String failure() {
    return failure;
  }

  /** Receives in flight or due now (tests). */
  int receivers() {
    return receivers.get();
  }

  @Override
  public void close() {
    closed = true;
    inFlight.forEach(call -> call.cancel(true)); // the SDK aborts the long poll; its messages stay queued
  }

  private void receive() {
    if (closed) {
      return;
    }
    CompletableFuture<ReceiveMessageResponse> call;
    try {
      call = client.receiveMessage(request);
    } catch (RuntimeException e) { // the client is closing
      received(null, e);
      return;
    }
    inFlight.add(call);
    try {
      call.whenCompleteAsync((response, error) -> {
        inFlight.remove(call);
        received(response, error);
      }, work);
    } catch (RejectedExecutionException e) {
      call.cancel(true); // the pools are shutting down
    }
  }

  private void received(ReceiveMessageResponse response, Throwable error) {
    if (closed) {
      return;
    }
    if (error != null) {
      failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
      return;
    }
    lastReceiveAt = clock.instant();
    failure = null;
    backoff = FIRST_BACKOFF;
    List<Message> messages = response.messages();
    if (!messages.isEmpty()) {
      lastMessageAt = lastReceiveAt;
      try {
        handle(messages);
      } catch (RuntimeException e) {
        // A bug applying events: the messages stay in the queue and come back; keep consuming.
        LOG.log(Level.ERROR, "applying events from " + queueUrl + " failed", e);
      }
    }
    if (messages.size() == MAX_BATCH && addReceiver()) {
      receive();
    } else if (messages.isEmpty() && dropReceiver()) {
      return;
    }
    receive();
  }

  private void failed(Throwable error) {
    String reason = describe(error);
    if (!reason.equals(failure)) {
      LOG.log(Level.WARNING, "receiving from " + queueUrl + " failed: " + reason);
    }
    failure = reason;
    listener.receiveFailed(queueUrl, reason);
    if (dropReceiver()) {
      return; // while failing, one receiver retries
    }
    Duration wait = backoff;
    backoff = wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2);
    try {
      timers.schedule(this::receive, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  private boolean addReceiver() {
    int now = receivers.get();
    return now < RECEIVERS && receivers.compareAndSet(now, now + 1);
  }

  /** Ends the calling receiver unless it is the last one. */
  private boolean dropReceiver() {
    while (true) {
      int now = receivers.get();
      if (now <= 1) {
        return false;
      }
      if (receivers.compareAndSet(now, now - 1)) {
        return true;
      }
    }
  }

  private void handle(List<Message> messages) {
    List<ObjectEvent> events = new ArrayList<>();
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      try {
        NotificationMessages.Parsed parsed = NotificationMessages.read(message.body());
        events.addAll(parsed.events());
        if (parsed.badRecords() > 0) {
          listener.badRecords(queueUrl, parsed.badRecords(), parsed.firstProblem());
        }
      } catch (NotificationMessages.MalformedMessageException e) {
        boolean delete = queueGranted.test(queueUrl);
        listener.malformed(queueUrl, message.messageId(), e.getMessage(), delete);
        if (!delete) {
          continue; // another application's message: its owner reads it, not us
        }
      }
      done.add(DeleteMessageBatchRequestEntry.builder()
          .id(Integer.toString(i)).receiptHandle(message.receiptHandle()).build());
    }
    sink.accept(events);
    if (done.isEmpty()) {
      return;
    }
    client.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done)).whenComplete((deleted, error) -> {
      if (error != null || (deleted.hasFailed() && !deleted.failed().isEmpty())) {
        // They come back after the visibility timeout; sequencers make them no-ops.
        LOG.log(Level.DEBUG, "deleting " + done.size() + " messages from " + queueUrl + " failed in part: "
            + (error != null ? describe(error) : deleted.failed().size() + " not deleted"));
      }
    });
  }

  static String describe(Throwable e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + "): "
          + aws.awsErrorDetails().errorMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
