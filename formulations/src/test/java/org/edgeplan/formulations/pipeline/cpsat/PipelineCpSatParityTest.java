package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineHorizon;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.testing.LongTests;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

/**
 * The evaluator and CP-SAT agree: on the shipped small scenario, on semi-active (left-justified) schedules subtask
 * by subtask, and on schedules with idle gaps, where the evaluator can only do as well or better.
 */
class PipelineCpSatParityTest {
    private static final SolverSettings SETTINGS = new SolverSettings(60, 0, 1);

    @Test
    void registeredAsCpSat() {
        assertThat(SolverRegistry.load().find(ProblemKind.PIPELINE, "cp-sat")).isInstanceOf(PipelineCpSatSolver.class);
    }

    @Test
    void shippedSmallScenarioEvaluatorParity() {
        PipelineInstance inst = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/small.json"));
        PipelineCpSatSolver.Outcome out = new PipelineCpSatSolver().alwaysSearch().solveDetailed(inst, SETTINGS);
        SolveResult<PipelinePlan> r = out.result();
        assertThat(r.status()).as(r.message()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.statistics()).containsEntry(PipelineCpSatSolver.EXACT_TIME_SCALE, true)
                .containsEntry(PipelineCpSatSolver.CP_SAT_STATUS, "OPTIMAL");
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(inst, r.plan());
        assertThat(evaluation.feasible()).isTrue();
        assertThat(evaluation.objective()).isCloseTo(r.solverObjective(), within(1e-12));
        assertThat(r.bound()).isCloseTo(r.solverObjective(), within(1e-12));
        // No better plan among the baselines, and the schedule's own objective is the solver's.
        double deviceOnly = new org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver().solve(inst, SETTINGS).solverObjective();
        assertThat(r.solverObjective()).isLessThanOrEqualTo(deviceOnly + 1e-12);
        assertThat(out.schedule().scale().seconds(out.schedule().objectiveUnits()))
                .isCloseTo(r.solverObjective(), within(1e-12));
        // Static mode: every request of an endpoint uses one node per layer.
        int[] nodeOf = r.plan().nodeOf(inst.subtaskCount());
        for (int e = 0; e < inst.endpointCount(); e++) {
            for (int k = 1; k < inst.endpoint(e).requestCount(); k++) {
                for (int v = 0; v < inst.model(e).layerCount(); v++) {
                    assertThat(nodeOf[inst.subtaskId(e, k, v)]).isEqualTo(nodeOf[inst.subtaskId(e, 0, v)]);
                }
            }
        }
    }

    @Test
    void semiActiveSchedulesCoincideWithTheEvaluatorSubtaskBySubtask() {
        PipelineCpSatSolver semi = new PipelineCpSatSolver(new PipelineCpSatModel.Options(true, true, true, true), 0).alwaysSearch();
        int compared = 0;
        for (long seed = 1; seed <= 25; seed++) {
            PipelineInstance inst = TinyPipelines.random(7000 + seed, 6, TinyPipelines.Features.ALL);
            PipelineCpSatSolver.Outcome out = semi.solveDetailed(inst, SETTINGS);
            if (out.schedule() == null) {
                continue;
            }
            PipelineEvaluation ev = PipelineEvaluator.evaluate(inst, out.result().plan());
            assertThat(ev.feasible()).isTrue();
            TimeScale scale = out.schedule().scale();
            for (int id = 0; id < inst.subtaskCount(); id++) {
                assertThat(ev.nodeOf(id)).isEqualTo(out.schedule().nodeOf()[id]);
                assertThat(ev.startSeconds(id)).as("seed %d subtask %d", seed, id)
                        .isEqualTo(scale.seconds(out.schedule().startUnits()[id]));
                assertThat(ev.finishSeconds(id)).isEqualTo(scale.seconds(out.schedule().endUnits()[id]));
            }
            assertThat(ev.objective()).isEqualTo(scale.seconds(out.schedule().objectiveUnits()));
            compared++;
        }
        assertThat(compared).isGreaterThan(20);
    }

    /**
     * A CP-SAT schedule with idle gaps: the optimum pushed as far right as it goes (maximise the sum of starts with
     * the objective held at the optimum). The extracted plan, run semi-actively by the evaluator, closes the gaps
     * and scores no worse than the gapped schedule; here exactly the optimum.
     */
    @Test
    void gapsInCpSatSchedulesOnlyHelpTheEvaluator() {
        int withGaps = 0;
        for (long seed = 1; seed <= 20; seed++) {
            PipelineInstance inst = TinyPipelines.random(9000 + seed, 6, TinyPipelines.Features.PLAIN);
            SolveResult<PipelinePlan> optimum = new PipelineCpSatSolver().alwaysSearch().solve(inst, SETTINGS);
            if (optimum.status() != SolveStatus.OPTIMAL) {
                continue;
            }
            ExactModelInput d = new ExactModelInput(inst);
            PipelineIncumbent incumbent = PipelineIncumbent.best(d);
            PipelineHorizon horizon = PipelineHorizon.of(d, incumbent);
            TimeScale scale = TimeScale.choose(TimeFrame.timeValues(d), horizon.horizonSeconds(), 100);
            assertThat(scale.exact()).isTrue();
            long slackHorizon = scale.units(horizon.horizonSeconds() * 4 + 10); // room to the right
            PipelineCpSatModel m = ((PipelineCpSatModelBuilder.Built) PipelineCpSatModelBuilder.build(d, scale,
                    slackHorizon, Long.MAX_VALUE, new PipelineCpSatModel.Options(false, true, true, false))).model();
            long optimumUnits = scale.units(optimum.solverObjective());
            m.model.clearObjective();
            if (inst.objective() == PipelineObjective.MAKESPAN) {
                m.model.addLessOrEqual(m.makespan, optimumUnits);
            } else {
                m.model.addLessOrEqual(LinearExpr.sum(m.completion), optimumUnits + m.objectiveOffsetUnits);
            }
            m.model.maximize(LinearExpr.sum(m.start));
            CpSolver solver = new CpSolver();
            solver.getParameters().setMaxTimeInSeconds(20).setNumWorkers(1);
            assertThat(solver.solve(m.model)).isEqualTo(CpSolverStatus.OPTIMAL);
            int[] nodeOf = new int[d.compiled().subtaskCount()];
            double[] start = new double[d.compiled().subtaskCount()];
            double[] end = new double[d.compiled().subtaskCount()];
            for (int id = 0; id < d.compiled().subtaskCount(); id++) {
                for (int n : d.candidates(id)) {
                    if (solver.booleanValue(m.x(id, n))) {
                        nodeOf[id] = n;
                    }
                }
                start[id] = solver.value(m.start[id]);
                end[id] = solver.value(m.end[id]);
            }
            double gapped = inst.objective() == PipelineObjective.MAKESPAN
                    ? scale.seconds(solver.value(m.makespan))
                    : scale.seconds(total(solver, m.completion) - m.objectiveOffsetUnits);
            PipelinePlan plan = d.planOf(nodeOf, start, end, 1.0);
            PipelineEvaluation ev = PipelineEvaluator.evaluate(inst, plan);
            assertThat(ev.feasible()).isTrue();
            assertThat(ev.objective()).as("seed %d", seed).isLessThanOrEqualTo(gapped + 1e-12);
            assertThat(ev.objective()).isCloseTo(optimum.solverObjective(), within(1e-9));
            boolean gap = false;
            for (int id = 0; id < d.compiled().subtaskCount(); id++) {
                assertThat(ev.startSeconds(id)).isLessThanOrEqualTo(scale.seconds((long) start[id]) + 1e-12);
                gap |= ev.startSeconds(id) < scale.seconds((long) start[id]);
            }
            withGaps += gap ? 1 : 0;
        }
        assertThat(withGaps).as("right-shifted schedules with gaps").isGreaterThan(5);
    }

    private static long total(CpSolver solver, IntVar[] vars) {
        long sum = 0;
        for (IntVar v : vars) {
            sum += solver.value(v);
        }
        return sum;
    }
}
