#!/usr/bin/env bash
# Distributed training on this machine (or one node of several) through torchrun:
#   tools/dist_train.sh CONFIG NPROC [train.py options...]
# NNODES, NODE_RANK, MASTER_ADDR and PORT select a multi-node setup. Works with GPUs (NCCL) and,
# for testing, on CPU (gloo).
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 CONFIG NPROC [train.py options...]" >&2
    exit 2
fi
CONFIG=$1
NPROC=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
PYTHONPATH="$HERE/..:${PYTHONPATH:-}" exec "${PYTHON:-python}" -m torch.distributed.run \
    --nnodes="${NNODES:-1}" --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" --master_port="${PORT:-29500}" \
    --nproc_per_node="$NPROC" "$HERE/train.py" "$CONFIG" --launcher pytorch "$@"
