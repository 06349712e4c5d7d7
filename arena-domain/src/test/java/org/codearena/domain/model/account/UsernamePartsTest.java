package org.codearena.domain.model.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class UsernamePartsTest {

    private static UsernameParts parts(String base, long number) {
        return new UsernameParts(base, BigInteger.valueOf(number));
    }

    @Test
    void aNameIsItsBaseAndTheNumberAtItsEnd() {
        assertThat(UsernameParts.of("alanturing")).isEqualTo(parts("alanturing", 0));
        assertThat(UsernameParts.of("alanturing12")).isEqualTo(parts("alanturing", 12));
        assertThat(UsernameParts.of("r2d2")).isEqualTo(parts("r2d", 2));
        assertThat(UsernameParts.of("ada.lovelace-1815")).isEqualTo(parts("ada.lovelace-", 1815));
    }

    @Test
    void leadingZerosStayWithTheBase() {
        assertThat(UsernameParts.of("agent007")).isEqualTo(parts("agent00", 7));
        assertThat(UsernameParts.of("agent00")).isEqualTo(parts("agent00", 0));
        assertThat(UsernameParts.of("agent100")).isEqualTo(parts("agent", 100));
        assertThat(UsernameParts.of("007")).isEqualTo(parts("00", 7));
    }

    @Test
    void allDigitNamesHaveTheEmptyBaseAndNumbersOfAnyLength() {
        assertThat(UsernameParts.of("12345")).isEqualTo(parts("", 12345));
        String long32 = "9".repeat(32);
        assertThat(UsernameParts.of(long32).number()).isEqualTo(new BigInteger(long32));
    }

    @Test
    void baseAndNumberAlwaysSplitBackTheSameWay() {
        for (String key : new String[] {"alanturing", "alanturing7", "agent007", "agent00", "x0", "r2d2", "123",
                "a-b_c.d", "zz10203"}) {
            UsernameParts parts = UsernameParts.of(key);
            assertThat(parts.name()).isEqualTo(key);
            for (long n = 1; n < 200; n += 37) {
                assertThat(UsernameParts.of(UsernameParts.name(parts.base(), BigInteger.valueOf(n))))
                        .isEqualTo(parts(parts.base(), n));
            }
        }
    }

    @Test
    void numbersStartWhereTheNameIsLongEnough() {
        assertThat(UsernameParts.firstNumber("alanturing")).isEqualTo(BigInteger.ONE);
        assertThat(UsernameParts.firstNumber("ab")).isEqualTo(BigInteger.ONE);
        assertThat(UsernameParts.firstNumber("a")).isEqualTo(BigInteger.TEN);
        assertThat(UsernameParts.firstNumber("")).isEqualTo(BigInteger.valueOf(100));
    }

    @Test
    void numbersEndWhereTheNameWouldBeTooLong() {
        assertThat(UsernameParts.lastNumber("a".repeat(30))).isEqualTo(BigInteger.valueOf(99));
        assertThat(UsernameParts.lastNumber("a".repeat(31))).isEqualTo(BigInteger.valueOf(9));
        assertThat(UsernameParts.lastNumber("a".repeat(32))).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void aFullFamilyFallsBackToShorterBases() {
        assertThat(UsernameParts.fallbackBases("abc")).containsExactly("abc", "ab", "a", "");
        // cuts that end in 1-9 are not bases: "x1" is base "x" with number 1
        assertThat(UsernameParts.fallbackBases("x1y")).containsExactly("x1y", "x", "");
        assertThat(UsernameParts.fallbackBases("x10y")).containsExactly("x10y", "x10", "x", "");
    }
}
