package io.sparkscale.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.notifications.ObjectEvent;
import io.sparkscale.notifications.Sequencer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationMessagesTest {

  static final Instant TIME = Instant.parse("2026-03-01T10:00:00.123Z");

  @Test
  void readsS3RecordsWithDecodedKeys() throws Exception {
    List<ObjectEvent> events = NotificationMessages.parse(
        Notifications.s3Created("landing", "in/a b+c (1).json", 42, "0055AED6DCD90281E5", TIME));
    assertThat(events).containsExactly(new ObjectEvent(
        "landing", "in/a b+c (1).json", true, 42, Sequencer.parse("55AED6DCD90281E5"), TIME));
    assertThat(NotificationMessages.parse(Notifications.s3Removed("landing", "in/x", "0A", TIME)))
        .containsExactly(new ObjectEvent("landing", "in/x", false, 0, Sequencer.parse("A"), TIME));
    assertThat(NotificationMessages.parse(
            Notifications.s3("LifecycleExpiration:Delete", "landing", "in/x", "", "0B", TIME)))
        .extracting(ObjectEvent::present).containsExactly(false);
  }

  @Test
  void readsSnsEnvelopesAndEventBridgeEvents() throws Exception {
    String inner = Notifications.s3Created("landing", "in/a.json", 1, "01", TIME);
    assertThat(NotificationMessages.parse(Notifications.snsEnvelope(inner)))
        .extracting(ObjectEvent::key).containsExactly("in/a.json");
    List<ObjectEvent> created = NotificationMessages.parse(
        Notifications.eventBridge("Object Created", "landing", "in/b.json", 7, "617f08299329d189", TIME));
    assertThat(created).containsExactly(
        new ObjectEvent("landing", "in/b.json", true, 7, Sequencer.parse("617F08299329D189"), TIME));
    assertThat(NotificationMessages.parse(
            Notifications.eventBridge("Object Deleted", "landing", "in/b.json", 0, "617f08299329d18a", TIME)))
        .extracting(ObjectEvent::present).containsExactly(false);
  }

  @Test
  void testEventsAndOtherEventTypesReportNoChange() throws Exception {
    assertThat(NotificationMessages.parse(Notifications.TEST_EVENT)).isEmpty();
    assertThat(NotificationMessages.parse(
            Notifications.s3("ObjectRestore:Completed", "landing", "in/a", ",\"size\":3", "01", TIME)))
        .isEmpty();
    assertThat(NotificationMessages.parse(
            Notifications.eventBridge("Object Tags Added", "landing", "in/a", 1, "01", TIME)))
        .isEmpty();
  }

  @Test
  void refusesWhatIsNotANotification() {
    assertThatThrownBy(() -> NotificationMessages.parse("hello")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> NotificationMessages.parse("[1]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> NotificationMessages.parse("{\"foo\":1}")).hasMessageContaining("neither");
    assertThatThrownBy(() -> NotificationMessages.parse(
            Notifications.s3Created("landing", "in/a", 1, "not-hex", TIME)))
        .hasMessageContaining("not hexadecimal");
    assertThatThrownBy(() -> NotificationMessages.parse(
            Notifications.s3Created("landing", "in/a", 1, "01", TIME).replace("\"in%2Fa\"", "\"in%zz\"")))
        .hasMessageContaining("URL-encoded");
  }

  /** One bad record costs only itself: the others are read, the bad ones counted (issue 20, finding 6). */
  @Test
  void readKeepsTheGoodRecordsOfAMessageWithBadOnes() throws Exception {
    String good = Notifications.s3Created("landing", "in/a", 1, "01", TIME);
    String badSequencer = Notifications.s3Created("landing", "in/b", 1, "G1", TIME);
    String noSequencer = Notifications.s3Created("landing", "in/c", 1, "", TIME);
    String noObject = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\"}]}";
    NotificationMessages.Parsed parsed =
        NotificationMessages.read(Notifications.records(List.of(good, badSequencer, noSequencer, noObject, good)));
    assertThat(parsed.events()).hasSize(2);
    assertThat(parsed.badRecords()).isEqualTo(3);
    assertThat(parsed.firstProblem()).contains("not hexadecimal");
    // A record the SDK cannot read at all (size is not a number) costs only itself as well.
    String unreadable = good.replace("\"size\":1", "\"size\":\"big\"");
    NotificationMessages.Parsed mixed = NotificationMessages.read(Notifications.records(List.of(unreadable, good)));
    assertThat(mixed.events()).hasSize(1);
    assertThat(mixed.badRecords()).isEqualTo(1);
    assertThatThrownBy(() -> NotificationMessages.read("{\"job\":1}"))
        .isInstanceOf(NotificationMessages.MalformedMessageException.class);
  }
}
