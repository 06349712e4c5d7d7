package org.codearena.domain.model.submission;

/** QUEUED until a runner is given it, JUDGING while its tests run, JUDGED once scored. */
public enum SubmissionStatus { QUEUED, JUDGING, JUDGED }
