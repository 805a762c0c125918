package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.notifications.KeyListing.ListedObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lean ListObjectsV2 reader: what S3 writes is read exactly, anything else is refused, never guessed. */
class ListPageXmlTest {

  /** The shape of an AWS answer (docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html), indented. */
  static final String AWS_PAGE = """
      <?xml version="1.0" encoding="UTF-8"?>
      <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
        <Name>landing</Name>
        <Prefix>in/</Prefix>
        <KeyCount>2</KeyCount>
        <MaxKeys>2</MaxKeys>
        <IsTruncated>true</IsTruncated>
        <Contents>
          <Key>in/a&amp;b &lt;1&gt;.csv</Key>
          <LastModified>2026-12-05T21:15:54.410Z</LastModified>
          <ETag>&quot;d41d8cd98f00b204e9800998ecf8427e&quot;</ETag>
          <Size>1024</Size>
          <Owner><ID>abc</ID><DisplayName>team</DisplayName></Owner>
          <StorageClass>STANDARD</StorageClass>
        </Contents>
        <Contents>
          <Key>in/&#233;t&#xE9;.csv</Key>
          <LastModified>2009-10-12T17:50:30Z</LastModified>
          <ETag>"x"</ETag>
          <Size>0</Size>
          <StorageClass>STANDARD</StorageClass>
        </Contents>
        <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
        <StartAfter/>
      </ListBucketResult>
      """;

  @Test
  void readsKeysSizesDatesAndTheNextToken() throws Exception {
    ListPage page = ListPageXml.parse(AWS_PAGE);

    assertThat(page.contents()).containsExactly(
        new ListedObject("in/a&b <1>.csv", 1024, Instant.parse("2026-12-05T21:15:54.410Z")),
        new ListedObject("in/été.csv", 0, Instant.parse("2009-10-12T17:50:30Z")));
    assertThat(page.truncated()).isTrue();
    assertThat(page.next()).isEqualTo("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
    assertThat(page.commonPrefixes()).isEmpty();
  }

  @Test
  void theLastPageHasNoNextTokenAndCommonPrefixesAreRead() throws Exception {
    ListPage page = ListPageXml.parse("<ListBucketResult><IsTruncated>false</IsTruncated>"
        + "<CommonPrefixes><Prefix>in/2026/</Prefix></CommonPrefixes>"
        + "<CommonPrefixes><Prefix>in/2027/</Prefix></CommonPrefixes><KeyCount>2</KeyCount></ListBucketResult>");

    assertThat(page.contents()).isEmpty();
    assertThat(page.commonPrefixes()).containsExactly("in/2026/", "in/2027/");
    assertThat(page.next()).isNull();
  }

  @Test
  void urlEncodedKeysAreDecodedAsTheSdkDecodesThem() throws Exception {
    ListPage page = ListPageXml.parse("<ListBucketResult><EncodingType>url</EncodingType>"
        + "<IsTruncated>false</IsTruncated>"
        + "<Contents><Key>in/a+b%2Bc%25%01%E2%82%AC.csv</Key><Size>3</Size></Contents>"
        + "<CommonPrefixes><Prefix>in/x%20y/</Prefix></CommonPrefixes></ListBucketResult>");

    assertThat(page.contents()).extracting(ListedObject::key).containsExactly("in/a b+c%\u0001€.csv");
    assertThat(page.commonPrefixes()).containsExactly("in/x y/");
  }

  @Test
  void withoutEncodingTypeAPercentSignIsPartOfTheKey() throws Exception {
    ListPage page = ListPageXml.parse("<ListBucketResult><IsTruncated>false</IsTruncated>"
        + "<Contents><Key>in/100%25+x</Key><Size>1</Size></Contents></ListBucketResult>");

    assertThat(page.contents()).extracting(ListedObject::key).containsExactly("in/100%25+x");
  }

  @Test
  void whatItDoesNotKnowForCertainIsRefused() {
    String ok = "<IsTruncated>false</IsTruncated>";
    assertUnreadable("<Error><Code>NoSuchBucket</Code></Error>", "not a ListBucketResult");
    assertUnreadable("<ListBucketResult><KeyCount>2</KeyCount>" + ok
        + "<Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>", "KeyCount 2 but 1 read");
    assertUnreadable("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>",
        "truncated without a continuation token");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Key><![CDATA[a]]></Key><Size>1</Size></Contents>"
        + "</ListBucketResult>", "CDATA");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Key>a&nbsp;</Key><Size>1</Size></Contents>"
        + "</ListBucketResult>", "unknown entity &nbsp;");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Key>a</Key><Size>1k</Size></Contents>"
        + "</ListBucketResult>", "not a number: 1k");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Size>1</Size></Contents></ListBucketResult>",
        "Contents without Key or Size");
    assertUnreadable("<ListBucketResult><IsTruncated>maybe</IsTruncated></ListBucketResult>", "IsTruncated");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Key>a</Key><Size>1</Size>"
        + "<LastModified>yesterday</LastModified></Contents></ListBucketResult>", "LastModified is not a date");
    assertUnreadable("<ListBucketResult>" + ok + "<Contents><Key>a</Key>", "incomplete document");
    assertUnreadable("<s3:ListBucketResult xmlns:s3=\"x\"></s3:ListBucketResult>", "not a ListBucketResult");
    assertUnreadable("<ListBucketResult><EncodingType>url</EncodingType>" + ok
        + "<Contents><Key>in/%zz</Key><Size>1</Size></Contents></ListBucketResult>", "not URL-encoded: in/%zz");
  }

  @Test
  void theHandReadDatesAgreeWithTheJdkForAnyInstant() throws Exception {
    Random random = new Random(18);
    DateTimeFormatter millis = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    DateTimeFormatter seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    for (int i = 0; i < 10_000; i++) {
      Instant instant = Instant.ofEpochMilli(random.nextLong(0, 4_102_444_800_000L)); // 1970 to 2100
      for (DateTimeFormatter format : new DateTimeFormatter[] {millis, seconds, DateTimeFormatter.ISO_INSTANT}) {
        String text = format.format(instant);
        assertThat(ListPageXml.instant(text)).as(text).isEqualTo(Instant.parse(text));
      }
    }
    assertThat(ListPageXml.instant("2026-12-05T21:15:54.123456789Z"))
        .isEqualTo(Instant.parse("2026-12-05T21:15:54.123456789Z"));
    assertThat(ListPageXml.instant("2026-12-05T22:15:54.410+01:00")).isEqualTo(Instant.parse("2026-12-05T21:15:54.410Z"));
    assertThatThrownBy(() -> ListPageXml.instant("2026-02-30T00:00:00Z")).isInstanceOf(ListPageXml.Unreadable.class);
  }

  private static void assertUnreadable(String xml, String reason) {
    assertThatThrownBy(() -> ListPageXml.parse(xml)).as(xml)
        .isInstanceOf(ListPageXml.Unreadable.class).hasMessageContaining(reason);
  }
}
