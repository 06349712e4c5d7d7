package org.codearena.domain.model.account;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A username key as a base and a number: "alanturing12" is base "alanturing", number 12; "alanturing" is
 * the base itself (number 0). The names of one base form its family, and a suggestion is the family's
 * first free member: the base followed by the smallest positive number that no one has.
 *
 * <p>The number is the run of digits at the end, without leading zeros: zeros stay with the base, so
 * "agent007" is base "agent00", number 7, and "agent00" is that base itself. A base therefore never ends in
 * a digit 1-9, and base + number always splits back into the same base and number. Numbers have no upper
 * bound of their own (a name may end in up to 32 digits), hence {@link BigInteger}.
 *
 * <p>Suggestions must themselves be valid names: at least {@link UsernamePolicy#MIN_LENGTH} characters (so
 * base "ab" starts at 1, base "a" at 10, the empty base of an all-digit name at 100) and at most
 * {@link UsernamePolicy#MAX_LENGTH}. When no number fits after a long base, the base is cut short from the
 * end (skipping cuts that end in 1-9, which are not bases) until one does: see {@link #fallbackBases}.
 */
public record UsernameParts(String base, BigInteger number) {

    public UsernameParts {
        if (number.signum() < 0) {
            throw new IllegalArgumentException("a username number is 0 or positive: " + number);
        }
    }

    /** Splits a username key (already normalised by {@link UsernamePolicy#key}). */
    public static UsernameParts of(String key) {
        int digitsFrom = key.length();
        while (digitsFrom > 0 && isDigit(key.charAt(digitsFrom - 1))) {
            digitsFrom--;
        }
        int numberFrom = digitsFrom;
        while (numberFrom < key.length() && key.charAt(numberFrom) == '0') {
            numberFrom++;
        }
        if (numberFrom == key.length()) {
            return new UsernameParts(key, BigInteger.ZERO);
        }
        return new UsernameParts(key.substring(0, numberFrom), new BigInteger(key.substring(numberFrom)));
    }

    /** The name this base and number make. */
    public String name() {
        return number.signum() == 0 ? base : base + number;
    }

    public static String name(String base, BigInteger number) {
        return new UsernameParts(base, number).name();
    }

    /** The smallest number that makes a long enough name with this base. */
    public static BigInteger firstNumber(String base) {
        int digits = Math.max(1, UsernamePolicy.MIN_LENGTH - base.length());
        return BigInteger.TEN.pow(digits - 1);
    }

    /** The largest number that keeps a name with this base within the length limit; 0 when none fits. */
    public static BigInteger lastNumber(String base) {
        int digits = UsernamePolicy.MAX_LENGTH - base.length();
        return digits <= 0 ? BigInteger.ZERO : BigInteger.TEN.pow(digits).subtract(BigInteger.ONE);
    }

    /**
     * Where to look for a suggestion, in order: the base itself, then shorter and shorter cuts of it that
     * are bases too (for a name at the length limit whose family has no room left).
     */
    public static List<String> fallbackBases(String base) {
        List<String> bases = new ArrayList<>();
        for (int length = base.length(); length >= 0; length--) {
            String cut = base.substring(0, length);
            boolean isBase = cut.isEmpty() || !isDigit(cut.charAt(cut.length() - 1)) || cut.endsWith("0");
            if (isBase && !cut.isEmpty() || length == 0) {
                bases.add(cut);
            }
        }
        return bases;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
