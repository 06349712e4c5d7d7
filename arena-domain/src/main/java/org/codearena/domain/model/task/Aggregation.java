package org.codearena.domain.model.task;

/** How a test group's tests make its score. */
public enum Aggregation {
    /** all or nothing: the group's points when every test passed, else 0 */
    PASS_FAIL,
    /** each test is worth an equal share of the group's points */
    SUM,
    /** the group's points times the smallest share any of its tests earned */
    MIN
}
