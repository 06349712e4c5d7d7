package org.codearena.domain.model.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a username must follow. Names are compared by their key: NFKC-normalised and lower-cased,
 * so "AlanTuring" and "ａｌａｎturing" are the same name.
 */
public final class UsernamePolicy {

    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 32;

    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    private static final Set<String> RESERVED = Set.of(
            "admin", "administrator", "root", "support", "system", "codearena", "api", "health",
            "login", "logout", "signup", "editor", "forum", "chat", "push", "static", "assets");

    private UsernamePolicy() {
    }

    /** The form under which uniqueness is decided. */
    public static String key(String username) {
        return Normalizer.normalize(username.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Empty when the name is acceptable, otherwise the rule it breaks, in words a person understands. */
    public static Optional<String> violation(String username) {
        if (username == null || username.isBlank()) {
            return Optional.of("username is required");
        }
        String key = key(username);
        if (key.length() < MIN_LENGTH || key.length() > MAX_LENGTH) {
            return Optional.of("username must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        if (!ALLOWED.matcher(key).matches()) {
            return Optional.of("username may contain only letters a-z, digits, '_', '.' and '-', "
                    + "and must start with a letter or digit");
        }
        if (RESERVED.contains(key)) {
            return Optional.of("username '" + key + "' is reserved");
        }
        return Optional.empty();
    }
}
