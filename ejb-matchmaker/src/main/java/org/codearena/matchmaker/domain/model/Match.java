package org.codearena.matchmaker.domain.model;

/** A ticket given to a runner. */
public record Match(Ticket ticket, String runnerId) {
}
