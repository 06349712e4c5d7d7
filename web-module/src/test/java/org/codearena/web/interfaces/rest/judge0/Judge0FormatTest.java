package org.codearena.web.interfaces.rest.judge0;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Judge0FormatTest {

    @Test
    void timesPrintAsJudge0sDecimalColumns() {
        assertThat(Judge0Format.seconds(2)).isEqualTo("0.002");
        assertThat(Judge0Format.seconds(1500)).isEqualTo("1.5");
        assertThat(Judge0Format.seconds(5000)).isEqualTo("5.0");
        assertThat(Judge0Format.seconds(0)).isEqualTo("0.0");
    }

    @Test
    void outputsCompareWithoutTrailingBlanksPerLineAndAtTheEnd() {
        assertThat(Judge0Format.strip("1 \n2\t\n\n")).isEqualTo(Judge0Format.strip("1\n2"));
        assertThat(Judge0Format.strip(" 1")).isNotEqualTo(Judge0Format.strip("1"));
        assertThat(Judge0Format.strip(null)).isEmpty();
    }

    @Test
    void fieldsAreTheDefaultsAllOrTheOnesAskedForInJudge0sOrder() {
        assertThat(Judge0Format.fields(null)).containsExactly("token", "time", "memory", "stdout", "stderr",
                "compile_output", "message", "status");
        assertThat(Judge0Format.fields("*")).contains("source_code", "language");
        assertThat(Judge0Format.fields("status,stdout")).containsExactly("stdout", "status");
        assertThatThrownBy(() -> Judge0Format.fields("stdout,id,nope")).hasMessage("invalid fields: [id, nope]");
    }

    @Test
    void base64IsWrittenLikeRubysEncode64AndReadLeniently() {
        String long70 = "x".repeat(70);
        String encoded = Judge0Format.encode(long70);
        assertThat(encoded.split("\n")[0]).hasSize(60);
        assertThat(encoded).endsWith("\n");
        assertThat(Judge0Format.decode(encoded)).isEqualTo(long70);
        assertThat(Judge0Format.encode("hello, Judge0\n")).isEqualTo("aGVsbG8sIEp1ZGdlMAo=\n");
    }

    @Test
    void languageIdsAreJudge0CesOnes() {
        assertThat(Judge0Format.judge0Id("python")).isEqualTo(71);
        assertThat(Judge0Format.judge0Id("java")).isEqualTo(62);
        assertThat(Judge0Format.judge0Id("cpp")).isEqualTo(54);
        assertThat(Judge0Format.judge0Id("cobol")).isNull();
        assertThat(Judge0Format.STATUSES).hasSize(14);
    }
}
