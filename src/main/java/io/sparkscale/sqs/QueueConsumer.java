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
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Receives one queue's messages on a few long-polling threads, hands their events to the sink and only
 * then deletes them: a crash in between redelivers them, and sequencers make the repeat harmless.
 * A message that is not a notification is logged, counted and deleted (it would never parse). Receive
 * errors back off from 1 s to 30 s and are reported through {@link #failure()} until a receive works.
 */
final class QueueConsumer implements QueueFeed {

  /** The longest long poll SQS allows: an idle queue costs 3 requests a minute per thread. */
  static final int WAIT_SECONDS = 20;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final System.Logger LOG = System.getLogger(QueueConsumer.class.getName());

  private final SqsClient client;
  private final String queueUrl;
  private final Sink sink;
  private final NotificationListener listener;
  private final Clock clock;
  private final int waitSeconds;
  private final List<Thread> threads = new ArrayList<>();
  private volatile Instant lastMessageAt;
  private volatile String failure;
  private volatile boolean closed;

  QueueConsumer(SqsClient client, String queueUrl, Sink sink, NotificationListener listener, Clock clock,
      int waitSeconds) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.sink = sink;
    this.listener = listener;
    this.clock = clock;
    this.waitSeconds = waitSeconds;
  }

  QueueConsumer start(int receivers) {
    for (int i = 0; i < receivers; i++) {
      Thread thread = new Thread(this::run, "sparkscale-sqs-" + (i + 1));
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  @Override
  public Instant lastMessageAt() {
    return lastMessageAt;
  }

  @Override
  public String failure() {
    return failure;
  }

  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt); // a long poll in progress ends within waitSeconds
  }

  private void run() {
    Duration backoff = Duration.ofSeconds(1);
    while (!closed) {
      try {
        List<Message> messages =
            client.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                .maxNumberOfMessages(10).waitTimeSeconds(waitSeconds).build()).messages();
        failure = null;
        backoff = Duration.ofSeconds(1);
        if (!messages.isEmpty()) {
          lastMessageAt = clock.instant();
          handle(messages);
        }
      } catch (SdkException | IllegalStateException e) {
        if (closed) {
          return;
        }
        String reason = describe(e);
        if (!reason.equals(failure)) {
          LOG.log(Level.WARNING, "receiving from " + queueUrl + " failed: " + reason);
        }
        failure = reason;
        listener.receiveFailed(queueUrl, reason);
        if (!sleep(backoff)) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } catch (RuntimeException e) {
        // A bug applying events: the messages stay in the queue and come back; keep consuming.
        LOG.log(Level.ERROR, "applying events from " + queueUrl + " failed", e);
        if (!sleep(backoff)) {
          return;
        }
      }
    }
  }

  private void handle(List<Message> messages) {
    List<ObjectEvent> events = new ArrayList<>();
    List<DeleteMessageBatchRequestEntry> done = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      try {
        events.addAll(NotificationMessages.parse(message.body()));
      } catch (NotificationMessages.MalformedMessageException e) {
        LOG.log(Level.WARNING, "deleting message " + message.messageId() + " from " + queueUrl
            + ": not an S3 event notification (" + e.getMessage() + ")");
        listener.malformed(queueUrl, e.getMessage());
      }
      done.add(DeleteMessageBatchRequestEntry.builder()
          .id(Integer.toString(i)).receiptHandle(message.receiptHandle()).build());
    }
    sink.accept(events);
    DeleteMessageBatchResponse deleted =
        client.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
    if (deleted.hasFailed() && !deleted.failed().isEmpty()) {
      // They come back after the visibility timeout; sequencers make them no-ops.
      LOG.log(Level.DEBUG, deleted.failed().size() + " deletes failed on " + queueUrl);
    }
  }

  private boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
      return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + "): "
          + aws.awsErrorDetails().errorMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
