# z8_all.py on the fast path (bfloat16 where the CPU or GPU computes it natively, fused Adam,
# small convolutions as matrix products on a CPU; docs/performance.md): the same objective, data
# and schedule. The quality-equality table compares the two over seeds.
_base_ = ['./z8_all.py']

fast = True
