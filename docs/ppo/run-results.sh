#!/usr/bin/env bash
# Reproduces the PPO results of docs/ppo.md: trains policies for the image and video scenarios with five seeds,
# with discrete and log-uniform bandwidth sampling (and the learned-share variant on the image scenario), then applies
# one policy to every shipped sweep file with 'solve --policy' and 'certify'. Output: results/ppo/ (not versioned).
# Sequential on purpose: the machine is shared; each run prints its own wall and CPU time.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$home"
out=results/ppo
mkdir -p "$out"
edgeplan=bin/edgeplan
seeds="${SEEDS:-0 1 2 3 4}"

for family in image video; do
  for seed in $seeds; do
    $edgeplan train-ppo instances/multi-exit/ma2025-$family.json --bandwidths 1,5,20,50 \
      --eval-bandwidths 2,10,30,40 --episodes 40960 --seed "$seed" --out "$out/$family-discrete-s$seed.json" \
      > "$out/$family-discrete-s$seed.txt"
    $edgeplan train-ppo instances/multi-exit/ma2025-$family.json --bandwidths 1,50 --sampling log-uniform \
      --eval-bandwidths 1,2,5,10,20,30,40,50 --episodes 40960 --seed "$seed" \
      --out "$out/$family-loguniform-s$seed.json" > "$out/$family-loguniform-s$seed.txt"
  done
done
for seed in $seeds; do
  $edgeplan train-ppo instances/multi-exit/ma2025-image.json --variant ppo-shares --bandwidths 1,5,20,50 \
    --eval-bandwidths 2,10,30,40 --episodes 81920 --seed "$seed" --out "$out/image-shares-s$seed.json" \
    > "$out/image-shares-s$seed.txt"
done

# One policy per family applied to the shipped sweep files, certified against exact-bb and exact-joint.
for family in image video; do
  for f in instances/multi-exit/sweep/ma2025-$family-bw*.json; do
    name="$(basename "$f" .json)"
    $edgeplan solve "$f" --solver ppo --policy "$out/$family-discrete-s0.json" --out "$out/$name-ppo-plan.json" \
      > /dev/null
    $edgeplan certify "$f" "$out/$name-ppo-plan.json" > "$out/$name-certify.txt"
  done
done

for f in "$out"/*-s*.txt; do
  echo "== $f"
  grep -E "^median gap|^training:" "$f"
done
