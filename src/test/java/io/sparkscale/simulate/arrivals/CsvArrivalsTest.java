package io.sparkscale.simulate.arrivals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.simulate.Arrival;
import io.sparkscale.units.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CsvArrivalsTest {

  static List<Arrival> read(String csv, long objectSize) {
    List<Arrival> out = new ArrayList<>();
    try (CsvArrivals arrivals =
        new CsvArrivals(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "--arrivals", "t.csv",
            objectSize)) {
      arrivals.forEachRemaining(out::add);
    }
    return out;
  }

  static String error(String csv) {
    try {
      read(csv, 0);
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("--arrivals: t.csv ");
      return e.getMessage();
    }
    throw new AssertionError("no error for " + csv);
  }

  @Test
  void secondsFromTheStartRoundedToTheMillisecond() {
    assertThat(read("time,objects,bytes\n0,3,300\n10.5,1,7\n10.5,0,0\n3600.0004,2,20\n3600.0005,1,1\n", 0))
        .containsExactly(new Arrival(0, 3, 300), new Arrival(10_500, 1, 7), new Arrival(10_500, 0, 0),
            new Arrival(3_600_000, 2, 20), new Arrival(3_600_001, 1, 1));
  }

  @Test
  void isoTimesCountFromTheFirstRowWhateverTheOffset() {
    List<Arrival> arrivals = read("time,objects,bytes\r\n"
        + "2026-03-01T08:00:00Z,1,10\r\n"
        + "2026-03-01T09:00:00.250+01:00,1,10\r\n" // 08:00:00.250Z
        + "2026-03-01T08:01:00.5Z,1,10\r\n"
        + "2026-03-01T03:02-05:00,2,20\r\n" // no seconds: java.time's parser, 08:02Z
        + "2026-03-02T08:00:00Z,1,10\r\n", 0);
    assertThat(arrivals).extracting(Arrival::atMillis)
        .containsExactly(0L, 250L, 60_500L, 120_000L, 86_400_000L);
  }

  @Test
  void theHandReadIsoFormAgreesWithJavaTime() {
    for (String text : List.of("2026-03-01T08:00:00Z", "1999-12-31T23:59:59.999Z", "2024-02-29T12:00:00+05:30",
        "2030-07-04T00:00:01.1-08:00")) {
      assertThat(CsvArrivals.fastIso(text)).as(text)
          .isEqualTo(java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }
    assertThat(CsvArrivals.fastIso("2026-02-30T00:00:00Z")).isEqualTo(Long.MIN_VALUE);
    assertThat(Instant.ofEpochMilli(CsvArrivals.fastIso("2026-03-01T08:00:00Z"))).isEqualTo("2026-03-01T08:00:00Z");
  }

  @Test
  void aLongFileAcrossManyBuffersAndUnicodeReadsEveryRow() {
    StringBuilder csv = new StringBuilder("time,objects,bytes\n");
    for (int i = 0; i < 50_000; i++) {
      csv.append(i).append(',').append(i % 7).append(',').append(i % 7 * 10).append(i % 1000 == 0 ? " \r\n" : "\n");
    }
    List<Arrival> arrivals = read(csv.toString(), 0);
    assertThat(arrivals).hasSize(50_000);
    assertThat(arrivals.get(49_999)).isEqualTo(new Arrival(49_999_000, 49_999 % 7, 49_999 % 7 * 10));
  }

  @Test
  void aByteThatIsNotUtf8IsReportedOnItsLine() {
    byte[] head = "time,objects,bytes\n0,1,1\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 7);
    System.arraycopy(new byte[] {'5', ',', '1', ',', (byte) 0xc3, '\n', '9'}, 0, bytes, head.length, 7);
    assertThatThrownBy(() -> {
      try (CsvArrivals a = new CsvArrivals(new ByteArrayInputStream(bytes), "--arrivals", "t.csv", 0)) {
        a.forEachRemaining(x -> { });
      }
    }).hasMessage("--arrivals: t.csv line 3: is not UTF-8 text; save the file as UTF-8 CSV");
  }

  @Test
  void withoutABytesColumnTheObjectSizeGivesTheBytes() {
    assertThat(read("time,objects\n0,3\n5,2\n", 1_000)).containsExactly(new Arrival(0, 3, 3_000),
        new Arrival(5_000, 2, 2_000));
  }

  @Test
  void spacesAroundFieldsAByteOrderMarkAndBlankLinesAreFine() {
    assertThat(read("\uFEFFtime, objects, bytes\n 0 , 1 , 5 \n\n", 0)).containsExactly(new Arrival(0, 1, 5));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty file                | ''                                                  | is empty; its first line must be the header time,objects,bytes
      wrong header              | 'ts,count\n0,1\n'                                   | line 1: header 'ts,count' is not valid; use time,objects,bytes
      header only               | 'time,objects,bytes\n'                              | has a header but no rows
      too few fields            | 'time,objects,bytes\n0,1\n'                         | line 2: 2 fields, expected 3 (time,objects,bytes)
      too many fields           | 'time,objects,bytes\n0,1,2,3\n'                     | line 2: more than 3 fields, expected 3
      bad seconds               | 'time,objects,bytes\n0,1,1\n1.2.3,1,1\n'            | line 3: time '1.2.3' is not valid; use ISO-8601
      bad date                  | 'time,objects,bytes\n2026-02-30T00:00:00Z,1,1\n'    | line 2: time '2026-02-30T00:00:00Z' is not valid; use ISO-8601
      no offset                 | 'time,objects,bytes\n2026-03-01T08:00:00,1,1\n'     | line 2: time '2026-03-01T08:00:00' has no offset; add Z (UTC)
      seconds after ISO         | 'time,objects,bytes\n2026-03-01T08:00:00Z,1,1\n5,1,1\n' | line 3: time '5' is seconds while the first row's is ISO-8601
      ISO after seconds         | 'time,objects,bytes\n0,1,1\n2026-03-01T08:00:00Z,1,1\n' | line 3: time '2026-03-01T08:00:00Z' is not seconds from the start like the first row's
      negative objects          | 'time,objects,bytes\n0,-1,1\n'                      | line 2: objects '-1' is not valid; use a whole number of 0 or more
      decimal bytes             | 'time,objects,bytes\n0,1,1.5\n'                     | line 2: bytes '1.5' is not valid; use a whole number of 0 or more
      empty objects             | 'time,objects,bytes\n0,,1\n'                        | line 2: objects '' is not valid
      huge bytes                | 'time,objects,bytes\n0,1,9999999999999999999\n'     | line 2: bytes '9999999999999999999' is not valid; use a whole number of 0 or more (too large)
      bytes without objects     | 'time,objects,bytes\n0,0,5\n'                       | line 2: bytes 5 with 0 objects
      out of order              | 'time,objects,bytes\n0,1,1\n10,1,1\n\n9.999,1,1\n'  | line 5: time '9.999' is before the previous row's; rows must be in time order
      ISO out of order          | 'time,objects,bytes\n2026-03-01T08:00:00Z,1,1\n2026-03-01T07:59:59Z,1,1\n' | line 3: time '2026-03-01T07:59:59Z' is before the previous row's
      """)
  void aBadFileNamesItsLineAndWhatIsAccepted(String what, String csv, String message) {
    assertThat(error(csv.replace("\\n", "\n"))).contains(message);
  }
}
