package org.codearena.web.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailListTest {

    @Test
    void aCsvFileWithAHeaderIsReadByItsEmailColumn() {
        EmailList list = EmailList.parse("name,E-mail,team\nAda Lovelace,Ada@Example.org,core\n"
                + "\"Turing, Alan\",alan@example.org,\nGrace,not an address,x\n");

        assertThat(list.addresses()).containsExactly("ada@example.org", "alan@example.org");
        assertThat(list.invalid()).containsExactly("not", "an", "address");
    }

    @Test
    void aPastedListMaySeparateAddressesWithCommasSemicolonsSpacesAndLines() {
        EmailList list = EmailList.parse("a@example.org, b@example.org;c@example.org\n d@example.org  e@example.org\n\n");

        assertThat(list.addresses()).containsExactly("a@example.org", "b@example.org", "c@example.org",
                "d@example.org", "e@example.org");
        assertThat(list.invalid()).isEmpty();
    }

    @Test
    void eachAddressIsKeptOnceAndWhatIsNotAnAddressIsReported() {
        EmailList list = EmailList.parse("x@example.org\nX@EXAMPLE.ORG\nbob@localhost\n@example.org");

        assertThat(list.addresses()).containsExactly("x@example.org");
        assertThat(list.invalid()).containsExactly("bob@localhost", "@example.org");
    }

    @Test
    void nothingIsAnEmptyList() {
        assertThat(EmailList.parse("  \n").addresses()).isEmpty();
    }
}
