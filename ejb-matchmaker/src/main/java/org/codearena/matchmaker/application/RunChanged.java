package org.codearena.matchmaker.application;

/** A run moved to another status (RUNNING or FINISHED); pushed to whoever watches it. */
public record RunChanged(long runId, long accountId, String status) {
}
