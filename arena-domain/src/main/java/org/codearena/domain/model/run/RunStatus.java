package org.codearena.domain.model.run;

public enum RunStatus { QUEUED, RUNNING, FINISHED }
