package org.edgeplan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgeplan.Evaluators;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * The contract of every solver's result, for any module's tests: a plan whenever the status says so, accepted by
 * the one evaluator of its problem, whose objective equals the solver's own; the problem's plan invariants
 * ({@link MultiExitInvariants}, {@link PipelineInvariants}); a bound never above the solver's objective nor above a
 * known optimum; no plan below a known optimum; {@code optimal} only at the known optimum.
 */
public final class SolverContract {
    /** Relative tolerance of objective comparisons. */
    public static final double REL = 1e-6;

    private SolverContract() {
    }

    /**
     * Checks {@code result} of a solve of {@code instance}, which must have a plan (status optimal or feasible).
     *
     * @param knownOptimum a proven optimum of the instance (for the plan's own restriction, e.g. its exit set), or
     *                     NaN when none is known
     * @return the evaluator's objective of the plan
     */
    public static double check(Instance instance, SolveResult<?> result, double knownOptimum) {
        assertThat(result.status()).as(result.message()).isIn(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE);
        assertThat(result.plan()).isNotNull();
        assertThat(result.wallSeconds()).isNotNegative();
        Evaluation evaluation = Evaluators.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).as("the evaluator accepts the plan").isTrue();
        if (instance instanceof MultiExitInstance a) {
            MultiExitInvariants.check(a, (MultiExitPlan) result.plan(), (MultiExitEvaluation) evaluation);
        } else if (instance instanceof PipelineInstance b) {
            PipelineInvariants.check(b, (PipelinePlan) result.plan(), (PipelineEvaluation) evaluation);
        }
        double objective = evaluation.objective();
        assertThat(result.solverObjective()).as("solver objective vs evaluator")
                .isCloseTo(objective, within(REL * Math.max(1, Math.abs(objective))));
        if (result.hasBound()) {
            assertThat(result.bound()).as("bound vs own objective").isLessThanOrEqualTo(objective * (1 + REL));
        }
        if (!Double.isNaN(knownOptimum)) {
            assertThat(objective).as("no plan beats a proven optimum").isGreaterThanOrEqualTo(knownOptimum * (1 - REL));
            if (result.hasBound()) {
                assertThat(result.bound()).as("bound vs proven optimum").isLessThanOrEqualTo(knownOptimum * (1 + REL));
            }
            if (result.status() == SolveStatus.OPTIMAL) {
                assertThat(objective).as("claimed optimal").isCloseTo(knownOptimum,
                        within(REL * Math.max(1, knownOptimum)));
            }
        }
        return objective;
    }
}
