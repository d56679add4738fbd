#!/usr/bin/env bash
# Reproduces the aco-drl results of docs/aco-drl.md: trains aco-drl policies (ACO exits, then PPO splits and learned
# shares) for the image and video scenarios with three seeds, with discrete and log-uniform bandwidth sampling, then
# applies the seed-0 policies to every shipped sweep file with 'solve --policy' and 'certify' (whose "plan's exit set"
# row is exact-bb for the ACO exits, i.e. aco-bb). Output: results/aco-drl/ (not versioned).
# Sequential on purpose: the machine is shared; each run prints its own wall and CPU time.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$home"
out=results/aco-drl
mkdir -p "$out"
edgeplan=bin/edgeplan
seeds="${SEEDS:-0 1 2}"
episodes="${EPISODES:-81920}"

for family in image video; do
  for seed in $seeds; do
    $edgeplan train-ppo instances/multi-exit/ma2025-$family.json --variant aco-drl --bandwidths 1,5,20,50 \
      --eval-bandwidths 2,10,30,40 --episodes "$episodes" --seed "$seed" --out "$out/$family-discrete-s$seed.json" \
      > "$out/$family-discrete-s$seed.txt"
    $edgeplan train-ppo instances/multi-exit/ma2025-$family.json --variant aco-drl --bandwidths 1,50 \
      --sampling log-uniform --eval-bandwidths 1,2,5,10,20,30,40,50 --episodes "$episodes" --seed "$seed" \
      --out "$out/$family-loguniform-s$seed.json" > "$out/$family-loguniform-s$seed.txt"
  done
done

# The seed-0 policies applied to the shipped sweep files, certified (the plan's exit set: aco-bb; any: exact-joint).
for sampling in discrete loguniform; do
  for family in image video; do
    for f in instances/multi-exit/sweep/ma2025-$family-bw*.json; do
      name="$(basename "$f" .json)"
      $edgeplan solve "$f" --solver aco-drl --policy "$out/$family-$sampling-s0.json" \
        --out "$out/$name-$sampling-plan.json" > /dev/null
      $edgeplan certify "$f" "$out/$name-$sampling-plan.json" > "$out/$name-$sampling-certify.txt"
    done
  done
done

for f in "$out"/*-s*.txt; do
  echo "== $f"
  grep -E "^median gap|^training:" "$f"
done
