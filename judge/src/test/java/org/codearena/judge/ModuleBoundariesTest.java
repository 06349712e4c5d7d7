package org.codearena.judge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.codearena.matchmaker.domain.model.Ticket;

/**
 * The matchmaker runs programs and knows nothing of tasks, tests, submissions or scores; judging and contests
 * use it, never the other way round; and no two of these packages lean on each other in a circle.
 */
@AnalyzeClasses(packages = "org.codearena", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule theMatchmakerKnowsNothingOfJudging = noClasses()
            .that().resideInAPackage("org.codearena.matchmaker..")
            .should().dependOnClassesThat().resideInAnyPackage("org.codearena.judge..", "org.codearena.contest..",
                    "org.codearena.domain.model.task..", "org.codearena.domain.model.submission..",
                    "org.codearena.domain.model.contest..", "org.codearena.domain.model.assessment..");

    @ArchTest
    static final ArchRule modulesAreFreeOfCycles = slices().matching("org.codearena.(*)..").should().beFreeOfCycles();

    /** What other modules call (the matchmaker's application interface) says nothing of how messages travel. */
    @ArchTest
    static final ArchRule theMatchmakersInterfaceExposesNoInfrastructure = noClasses()
            .that().resideInAPackage("org.codearena.matchmaker.application")
            .should().dependOnClassesThat().resideInAPackage("org.codearena.matchmaker.infrastructure..");

    /** ... and the ticket it takes (part of that interface), nothing else of the matchmaker's inside. */
    @ArchTest
    static final ArchRule judgingUsesOnlyTheMatchmakersInterface = noClasses()
            .that().resideInAnyPackage("org.codearena.judge..", "org.codearena.contest..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage(
                    "org.codearena.matchmaker.application.internal..", "org.codearena.matchmaker.domain..")
                    .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(Ticket.class))));
}
