#!/usr/bin/env bash
# Reproduces the numbers of docs/pipeline-online.md, section "The PPO agent" (outputs in results/pipeline-ppo/).
# 1. seed 0, trained on the scaled vgg5 family (2-8 endpoints, 1-2 edges, 6/12/18 requests: e8-s2-r18 is a member),
#    measured on six shipped instances against the heuristics and Timefold (60 s each);
# 2. seed 0 with 6/12/24 requests: every measured instance held out;
# 3. seeds 1 and 2 of 2., online-greedy only.
# (Since 2026-12-03 noon --edges defaults to 1,4; steps 1-3 pass --edges 1,2 to reproduce their tables.)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=results/pipeline-ppo
mkdir -p "$out"
s=instances/pipeline/scaled
eval_set=$s/scaled-vgg5-e2-s1-r3-dynamic.json,$s/scaled-vgg5-e2-s1-r4-dynamic.json,$s/scaled-vgg5-e2-s2-r3-dynamic.json
eval_set=$eval_set,$s/scaled-vgg5-e4-s2-r4-dynamic.json,$s/scaled-vgg5-e8-s2-r18-dynamic.json
eval_set=$eval_set,$s/scaled-vgg5-e16-s4-r45-dynamic.json
common=(train-ppo --variant pipeline --family vgg5 --episodes 2048 --time-limit 1800 --checkpoint-every 16
        --eval "$eval_set")
bin/edgeplan "${common[@]}" --edges 1,2 --requests 6,12,18 --seed 0 \
    --baselines online-greedy,preschedule-retrieval,heft,neurosurgeon,dads,timefold \
    --out "$out/family-s0.json" | tee "$out/family-s0.log"
for seed in 0 1 2; do
  bin/edgeplan "${common[@]}" --edges 1,2 --requests 6,12,24 --seed "$seed" --baselines online-greedy \
      --out "$out/heldout-s$seed.json" | tee "$out/heldout-s$seed.log"
done
# 4. seeds 0-2 of 2. with 1-4 edge servers in the pool (84 members; docs/pipeline-online.md, "A pool with 1-4 edge
#    servers"); seeds 0 and 2 were trained side by side, seed 1 alone.
for seed in 0 1 2; do
  bin/edgeplan "${common[@]}" --edges 1,4 --requests 6,12,24 --seed "$seed" --baselines online-greedy \
      --out "$out/edges14-s$seed.json" | tee "$out/edges14-s$seed.log"
done
# 5. other families (docs/pipeline-online.md, "Other families"): static placement, seeds 0-2 (seed 1 trained beside
#    step 6's first run), held out by requests (4 and 12 per endpoint).
st=$s/scaled-vgg5-e2-s2-r4-static.json,$s/scaled-vgg5-e8-s2-r12-static.json
for seed in 0 1 2; do
  bin/edgeplan train-ppo --variant pipeline --family vgg5 --modes static --edges 1,4 --requests 6,18,24 \
      --episodes 2048 --time-limit 1800 --checkpoint-every 16 --seed "$seed" --eval "$st" --baselines online-greedy \
      --out "$out/static-s$seed.json" | tee "$out/static-s$seed.log"
done
# 6. ResNet-18 with and without the cloud node, with and without the imitation warm start.
rn=$s/scaled-resnet18-e4-s2-r6-dynamic-cloud.json,$s/scaled-resnet18-e4-s2-r4-dynamic.json
rn=$rn,$s/scaled-resnet18-e1-s1-r2-dynamic.json
resnet=(train-ppo --variant pipeline --family resnet18 --cloud both --endpoints 2,6 --edges 1,2 --requests 2,4,8
        --episodes 1024 --time-limit 1800 --checkpoint-every 8 --seed 0 --eval "$rn")
bin/edgeplan "${resnet[@]}" --baselines online-greedy,preschedule-retrieval,heft --out "$out/resnet-cloud-s0.json" \
    | tee "$out/resnet-cloud-s0.log"
bin/edgeplan "${resnet[@]}" --imitation 0 --baselines online-greedy,preschedule-retrieval \
    --out "$out/resnet-cloud-noimit-s0.json" | tee "$out/resnet-cloud-noimit-s0.log"
# 7. one policy for both placement modes (168 members; e8-s2-r18 is a member by its requests, the static instances
#    and e16 are held out), seed 0, alone.
mx=$s/scaled-vgg5-e4-s2-r4-dynamic.json,$s/scaled-vgg5-e8-s2-r18-dynamic.json,$s/scaled-vgg5-e16-s4-r45-dynamic.json
mx=$mx,$st
bin/edgeplan train-ppo --variant pipeline --family vgg5 --modes dynamic,static --requests 6,18,24 --episodes 2048 \
    --time-limit 1800 --checkpoint-every 16 --seed 0 --eval "$mx" --baselines online-greedy,preschedule-retrieval \
    --out "$out/mixed-s0.json" | tee "$out/mixed-s0.log"
