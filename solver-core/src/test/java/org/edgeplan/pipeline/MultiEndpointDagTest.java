package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.List;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.junit.jupiter.api.Test;

class MultiEndpointDagTest {
    @Test
    void subtaskGraphHasOneVertexPerSubtaskAndWeightedDataEdges() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.5));
        MultiEndpointDag dag = new MultiEndpointDag(instance);
        Graph<Integer, DefaultWeightedEdge> g = dag.subtaskGraph();
        assertThat(g.vertexSet()).hasSize(6);
        assertThat(g.edgeSet()).hasSize(4);
        assertThat(g.getEdgeWeight(g.getEdge(0, 1))).isEqualTo(1e5);
        assertThat(g.getEdgeWeight(g.getEdge(4, 5))).isEqualTo(2e4);
        assertThat(g.containsEdge(2, 3)).isFalse();
        assertThat(dag.topologicalOrder()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThatThrownBy(() -> g.addVertex(99)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void criticalPathOfTheDiamond() {
        PipelineInstance instance = PipelineFixtures.diamond(false);
        MultiEndpointDag dag = new MultiEndpointDag(instance);
        // On a 1 GFLOP/s node: a 1, b 1, c 2, d 1 s; edges cost bytes * 1e-6 s. a -> c -> d: 1 + 0.1 + 2 + 0.2 + 1.
        MultiEndpointDag.CriticalPath path = dag.criticalPath(id -> instance.computeSeconds(id, 0),
                (u, v, bytes) -> bytes * 1e-6);
        assertThat(path.subtasks()).containsExactly(0, 2, 3);
        assertThat(path.lengthSeconds()).isCloseTo(4.3, within(EPS));
    }

    @Test
    void shortestPathOfTheChoiceGraphIsTheBestSplit() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0));
        MultiEndpointDag dag = new MultiEndpointDag(instance);
        Graph<MultiEndpointDag.ChoiceVertex, DefaultWeightedEdge> g = dag.choiceGraph(0, dag.uncontendedCost(0));
        // 3 layers x 2 nodes + source + sink; edges 2 + 4 + 4 + 2.
        assertThat(g.vertexSet()).hasSize(8);
        assertThat(g.edgeSet()).hasSize(12);
        // All on edge: 0.51 + 0.25 + 0.5 + 0.1 + 0.011 = 1.371 beats split-after-L1 (1.721) and device (3.4).
        MultiEndpointDag.LayerPlacement best = dag.shortestPlacement(0, dag.uncontendedCost(0)).orElseThrow();
        assertThat(best.nodeOfLayer()).containsExactly(1, 1, 1);
        assertThat(best.cost()).isCloseTo(1.371, within(EPS));
        PipelinePlan plan = ListScheduler.schedule(instance, best.nodeOfLayer());
        assertThat(PipelineEvaluator.evaluate(instance, plan).objective()).isCloseTo(1.371, within(EPS));
    }

    @Test
    void choiceGraphOfADagRunsOverItsTopologicalLinearisation() {
        PipelineInstance instance = PipelineFixtures.diamond(false);
        MultiEndpointDag dag = new MultiEndpointDag(instance);
        Graph<MultiEndpointDag.ChoiceVertex, DefaultWeightedEdge> g = dag.choiceGraph(0, dag.uncontendedCost(0));
        // a, b, c, d in topological order, each on dev or edge: 8 + 2 vertices; 2 + 4 + 4 + 4 + 2 edges.
        assertThat(g.vertexSet()).hasSize(10);
        assertThat(g.edgeSet()).hasSize(16);
        assertThat(g.containsEdge(new MultiEndpointDag.ChoiceVertex(1, 0), new MultiEndpointDag.ChoiceVertex(2, 1)))
                .isTrue();
        MultiEndpointDag.LayerPlacement best = dag.shortestPlacement(0, dag.uncontendedCost(0)).orElseThrow();
        assertThat(best.nodeOfLayer()).hasSize(4);
        // The placement is a valid one; its evaluated latency is what the evaluator says, not the path cost.
        PipelinePlan plan = ListScheduler.schedule(instance, best.nodeOfLayer());
        assertThat(PipelineEvaluator.evaluate(instance, plan).feasible()).isTrue();
    }

    @Test
    void infiniteCostsLeaveEdgesOut() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0));
        MultiEndpointDag dag = new MultiEndpointDag(instance);
        MultiEndpointDag.ChoiceCost deviceOnly = (fromLayer, fromNode, toLayer, toNode) ->
                toNode == 0 ? 1.0 : Double.POSITIVE_INFINITY;
        assertThat(dag.shortestPlacement(0, deviceOnly).orElseThrow().nodeOfLayer()).containsExactly(0, 0, 0);
        MultiEndpointDag.ChoiceCost nothing = (fromLayer, fromNode, toLayer, toNode) -> Double.POSITIVE_INFINITY;
        assertThat(dag.shortestPlacement(0, nothing)).isEmpty();
    }
}
