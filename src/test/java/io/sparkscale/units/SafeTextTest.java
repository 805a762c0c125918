package io.sparkscale.units;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "http://AKIAIOSFODNN7EXAMPLE:SECRET@minio:9000        | http://***@minio:9000",
    "https://user@host/path?q=a@b                         | https://***@host/path?q=a@b",
    "s3://lake/in/x@y                                     | s3://lake/in/x@y",
    "see http://a:b@h1 and ftp://c:d@h2/x                 | see http://***@h1 and ftp://***@h2/x",
    "http://host:9000                                     | http://host:9000",
    "no url: user:pw@host                                 | no url: user:pw@host",
  })
  void userInfoOfUrlsIsRedacted(String value, String quoted) {
    assertThat(SafeText.quote(value)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource({"'in/\r\nforged', 'in/\\u000d\\u000aforged'", "'a\u2028b\u0085c\u0000', 'a\\u2028b\\u0085c\\u0000'"})
  void controlCharactersAndLineSeparatorsAreEscaped(String value, String quoted) {
    assertThat(SafeText.quote(value)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource({"70000", "1000000"})
  void longValuesAreCutToAShortPrefixNamingTheirLength(int length) {
    String quoted = SafeText.quote("http://k:SECRET@" + "h".repeat(length));
    assertThat(quoted).startsWith("http://***@hhh").endsWith("...(" + (length + 16) + " chars)")
        .doesNotContain("SECRET").hasSizeLessThan(SafeText.MAX_QUOTED + 30);
  }

  @ParameterizedTest
  @CsvSource({"badValue", "tooLong"})
  void errorsQuoteThroughIt(String kind) {
    String value = "http://AKIA:SECRET@host/\n" + "x".repeat(10_000);
    String message = kind.equals("badValue")
        ? InvalidInputException.badValue("endpoint", value, "use a URL").getMessage()
        : InvalidInputException.tooLong("endpoint", value, 256, "characters").getMessage();
    assertThat(message).startsWith("endpoint: 'http://***@host/\\u000a").doesNotContain("SECRET")
        .doesNotContain("\n").hasSizeLessThan(200);
  }
}
