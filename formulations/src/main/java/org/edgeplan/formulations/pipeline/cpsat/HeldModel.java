package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.List;

import com.google.ortools.sat.ConstraintProto;
import com.google.ortools.sat.CpModelProto;
import com.google.ortools.sat.CumulativeConstraintProto;
import com.google.ortools.sat.IntegerVariableProto;
import com.google.ortools.sat.IntervalConstraintProto;
import com.google.ortools.sat.LinearExpressionProto;
import com.google.ortools.sat.NoOverlapConstraintProto;

/**
 * Drops from a copy of the CP-SAT model what a large-neighbourhood step has settled, so that CP-SAT loads far less
 * than the whole model (measured on a 1 008-subtask instance: 0.2-1.5 s per step before, with only 7 subtasks free;
 * 0.05-0.1 s for small steps after). With every held variable fixed to one value: a constraint whose enforcement
 * literal is false is dropped (it holds), as is one that mentions only fixed variables (the held values come from a
 * feasible schedule, so it holds too); an optional interval that is absent is dropped and removed from its
 * no-overlap and cumulative constraints, and in a no-overlap the held intervals that touch or overlap become one
 * fixed block. Variables keep their indices (the model's variable objects still read the solution) and stay in the
 * model, fixed; at 5 040 subtasks (36 000 variables) that is what a step still pays for.
 */
final class HeldModel {
    private HeldModel() {
    }

    /** Compacts {@code proto} in place. */
    static void compact(CpModelProto.Builder proto) {
        int variables = proto.getVariablesCount();
        boolean[] fixed = new boolean[variables];
        long[] value = new long[variables];
        for (int v = 0; v < variables; v++) {
            IntegerVariableProto var = proto.getVariables(v);
            if (var.getDomainCount() == 2 && var.getDomain(0) == var.getDomain(1)) {
                fixed[v] = true;
                value[v] = var.getDomain(0);
            }
        }
        List<ConstraintProto> old = proto.getConstraintsList();
        int[] newIndex = new int[old.size()];
        boolean[] keep = new boolean[old.size()];
        int kept = 0;
        for (int i = 0; i < old.size(); i++) {
            ConstraintProto ct = old.get(i);
            boolean drop = false;
            for (int lit : ct.getEnforcementLiteralList()) {
                if (isFalse(lit, fixed, value)) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                drop = switch (ct.getConstraintCase()) {
                    // Intervals are kept unless absent: the no-overlaps refer to them.
                    case INTERVAL, NO_OVERLAP, CUMULATIVE -> false;
                    case LINEAR -> allFixed(ct.getLinear().getVarsList(), fixed) && allLiteralsFixed(ct, fixed);
                    case BOOL_OR, BOOL_AND, AT_MOST_ONE, EXACTLY_ONE, BOOL_XOR ->
                            allLiteralsFixed(literals(ct), fixed) && allLiteralsFixed(ct, fixed);
                    case LIN_MAX -> allFixed(ct.getLinMax().getTarget(), fixed)
                            && ct.getLinMax().getExprsList().stream().allMatch(e -> allFixed(e, fixed))
                            && allLiteralsFixed(ct, fixed);
                    default -> false;
                };
            }
            keep[i] = !drop;
            // The no-overlaps go to the end (after the blocks they need), so they take no place among the others:
            // an interval's new index counts only the kept constraints before it that stay in place.
            boolean deferred = ct.getConstraintCase() == ConstraintProto.ConstraintCase.NO_OVERLAP;
            newIndex[i] = drop || deferred ? -1 : kept++;
        }
        int dropped = 0;
        for (boolean k : keep) {
            dropped += k ? 0 : 1;
        }
        if (dropped == 0) {
            return;
        }
        List<ConstraintProto> copy = List.copyOf(old);
        List<ConstraintProto> noOverlaps = new ArrayList<>();
        proto.clearConstraints();
        for (int i = 0; i < copy.size(); i++) {
            if (!keep[i]) {
                continue;
            }
            ConstraintProto ct = copy.get(i);
            switch (ct.getConstraintCase()) {
                case NO_OVERLAP -> noOverlaps.add(ct);
                case CUMULATIVE -> {
                    CumulativeConstraintProto.Builder b = ct.getCumulative().toBuilder().clearIntervals()
                            .clearDemands();
                    CumulativeConstraintProto cumulative = ct.getCumulative();
                    for (int k = 0; k < cumulative.getIntervalsCount(); k++) {
                        int interval = cumulative.getIntervals(k);
                        if (newIndex[interval] >= 0) {
                            b.addIntervals(newIndex[interval]);
                            b.addDemands(cumulative.getDemands(k));
                        }
                    }
                    proto.addConstraints(ct.toBuilder().setCumulative(b));
                }
                default -> proto.addConstraints(ct);
            }
        }
        // A node's held subtasks are fixed intervals; runs of them that touch are one block for the no-overlap.
        for (ConstraintProto ct : noOverlaps) {
            NoOverlapConstraintProto.Builder b = NoOverlapConstraintProto.newBuilder();
            List<long[]> fixedSpans = new ArrayList<>();
            for (int interval : ct.getNoOverlap().getIntervalsList()) {
                if (newIndex[interval] < 0) {
                    continue;
                }
                ConstraintProto in = copy.get(interval);
                long[] span = fixedSpan(in, fixed, value);
                if (span != null) {
                    fixedSpans.add(span);
                } else {
                    b.addIntervals(newIndex[interval]);
                }
            }
            fixedSpans.sort((x, y) -> Long.compare(x[0], y[0]));
            long blockStart = 0;
            long blockEnd = Long.MIN_VALUE;
            for (long[] span : fixedSpans) {
                if (span[0] > blockEnd) {
                    if (blockEnd != Long.MIN_VALUE) {
                        b.addIntervals(addBlock(proto, blockStart, blockEnd));
                    }
                    blockStart = span[0];
                    blockEnd = span[1];
                } else {
                    blockEnd = Math.max(blockEnd, span[1]);
                }
            }
            if (blockEnd != Long.MIN_VALUE) {
                b.addIntervals(addBlock(proto, blockStart, blockEnd));
            }
            proto.addConstraints(ct.toBuilder().setNoOverlap(b));
        }
    }

    /** [start, end] of an interval that is surely present and has a fixed start and end, else null. */
    private static long[] fixedSpan(ConstraintProto interval, boolean[] fixed, long[] value) {
        for (int lit : interval.getEnforcementLiteralList()) {
            int v = lit >= 0 ? lit : -lit - 1;
            if (!fixed[v] || (lit >= 0 ? value[v] == 0 : value[v] != 0)) {
                return null;
            }
        }
        Long start = fixedValue(interval.getInterval().getStart(), fixed, value);
        Long end = fixedValue(interval.getInterval().getEnd(), fixed, value);
        return start == null || end == null ? null : new long[] {start, end};
    }

    private static Long fixedValue(LinearExpressionProto expr, boolean[] fixed, long[] value) {
        long sum = expr.getOffset();
        for (int k = 0; k < expr.getVarsCount(); k++) {
            int v = expr.getVars(k);
            if (!fixed[v]) {
                return null;
            }
            sum += expr.getCoeffs(k) * value[v];
        }
        return sum;
    }

    /** A fixed interval constraint [start, end) without variables; its index. */
    private static int addBlock(CpModelProto.Builder proto, long start, long end) {
        proto.addConstraints(ConstraintProto.newBuilder().setInterval(IntervalConstraintProto.newBuilder()
                .setStart(LinearExpressionProto.newBuilder().setOffset(start))
                .setEnd(LinearExpressionProto.newBuilder().setOffset(end))
                .setSize(LinearExpressionProto.newBuilder().setOffset(end - start))));
        return proto.getConstraintsCount() - 1;
    }

    private static List<Integer> literals(ConstraintProto ct) {
        return switch (ct.getConstraintCase()) {
            case BOOL_OR -> ct.getBoolOr().getLiteralsList();
            case BOOL_AND -> ct.getBoolAnd().getLiteralsList();
            case AT_MOST_ONE -> ct.getAtMostOne().getLiteralsList();
            case EXACTLY_ONE -> ct.getExactlyOne().getLiteralsList();
            case BOOL_XOR -> ct.getBoolXor().getLiteralsList();
            default -> List.of();
        };
    }

    private static boolean isFalse(int literal, boolean[] fixed, long[] value) {
        int v = literal >= 0 ? literal : -literal - 1;
        return fixed[v] && (literal >= 0 ? value[v] == 0 : value[v] != 0);
    }

    private static boolean allLiteralsFixed(ConstraintProto ct, boolean[] fixed) {
        return allLiteralsFixed(ct.getEnforcementLiteralList(), fixed);
    }

    private static boolean allLiteralsFixed(List<Integer> literals, boolean[] fixed) {
        for (int lit : literals) {
            if (!fixed[lit >= 0 ? lit : -lit - 1]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFixed(List<Integer> vars, boolean[] fixed) {
        for (int v : vars) {
            if (!fixed[v]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allFixed(LinearExpressionProto expr, boolean[] fixed) {
        return allFixed(expr.getVarsList(), fixed);
    }
}
