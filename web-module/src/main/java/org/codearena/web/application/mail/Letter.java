package org.codearena.web.application.mail;

/**
 * One message as it goes into the outbox, already rendered: what it is about ({@code kind} and {@code reference},
 * unique together, so that an action that runs twice queues one message), to whom, in which language, and its
 * subject and bodies (plain text and HTML).
 */
public record Letter(String kind, String reference, String recipient, String locale, String subject, String text,
                     String html) {
}
