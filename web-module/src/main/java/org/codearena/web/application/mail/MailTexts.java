package org.codearena.web.application.mail;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The words of the mail templates in one language ({@code mail/texts_LANG.properties}): a template asks for a key,
 * with the values to put in. A language the platform has no texts for falls back to English.
 */
public final class MailTexts {

    /** The languages mail is written in. */
    public static final List<String> LANGUAGES = List.of("en", "fr");

    private final Locale locale;
    private final ResourceBundle bundle;

    private MailTexts(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("mail.texts", locale, MailTexts.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The texts of a language ("fr", "fr-CA", …); English when there are none for it. */
    public static MailTexts of(String language) {
        return new MailTexts(Locale.forLanguageTag(supported(language)));
    }

    /** The language mail is written in for this one: its own when there are texts for it, else English. */
    public static String supported(String language) {
        if (language == null || language.isBlank()) {
            return "en";
        }
        String primary = Locale.forLanguageTag(language.strip().replace('_', '-')).getLanguage();
        return LANGUAGES.contains(primary) ? primary : "en";
    }

    public String language() {
        return locale.getLanguage();
    }

    /** The text of {@code key} with {@code values} put in ({0}, {1}, … as java.text.MessageFormat does). */
    public String get(String key, Object... values) {
        String pattern = bundle.getString(key);
        return values.length == 0 ? pattern : new MessageFormat(pattern, locale).format(values);
    }
}
