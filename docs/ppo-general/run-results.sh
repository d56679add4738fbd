#!/usr/bin/env bash
# Reproduces the numbers of docs/ppo-general.md (sequential, one thread; outputs in results/ppo-general/).
# 1. seed 0, held-out members of the training family at M = 50, 200, 1000, every baseline (ppo and aco-drl at M = 50);
# 2. the same policy (same seed: bitwise the same) on held-out instances with random exit sets;
# 3. the same policy on the four-class family alexnet-int8-ee (device classes never trained on, 1-100 Mbit/s);
# 4. seeds 1 and 2, no baselines.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=results/ppo-general
mkdir -p "$out"
common=(train-ppo --variant general --family alexnet-int8-ee-embedded --devices 2,20 --bandwidth-range 1,100
        --episodes 16384 --eval-devices 50,200,1000 --eval-instances 10 --checkpoint-every 16)
cheap=device-only,edge-only,fp-ar,spinn-ear,aco-ear
bin/edgeplan "${common[@]}" --seed 0 --out "$out/embedded-s0.json" | tee "$out/embedded-s0.log"
bin/edgeplan "${common[@]}" --seed 0 --eval-exits random --baselines "$cheap" \
    --out "$out/embedded-s0-random-exits.json" | tee "$out/embedded-s0-random-exits.log"
bin/edgeplan "${common[@]}" --seed 0 --eval-family alexnet-int8-ee --baselines "$cheap" \
    --out "$out/embedded-s0-on-four-classes.json" | tee "$out/embedded-s0-on-four-classes.log"
for seed in 1 2; do
  bin/edgeplan "${common[@]}" --seed "$seed" --baselines none --out "$out/embedded-s$seed.json" \
      | tee "$out/embedded-s$seed.log"
done
# 5. trained on the four-class family itself, held-out members of it.
bin/edgeplan train-ppo --variant general --family alexnet-int8-ee --devices 2,20 --bandwidth-range 1,100 \
    --episodes 16384 --eval-devices 50,200,1000 --eval-instances 10 --checkpoint-every 16 --seed 0 \
    --baselines "$cheap" --out "$out/four-classes-s0.json" | tee "$out/four-classes-s0.log"
# 6. the other two network families, seed 0 (section "ResNet-50 and MobileNetV2").
for fam in resnet50-fp16-bn-ee mobilenetv2-int8-ee; do
  bin/edgeplan train-ppo --variant general --family "$fam" --devices 2,20 --bandwidth-range 1,100 --episodes 16384 \
      --eval-devices 50,200,1000 --eval-instances 10 --seed 0 --baselines "$cheap" \
      --out "$out/$fam-s0.json" | tee "$out/$fam-s0.log"
done
