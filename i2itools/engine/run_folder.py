"""A run folder of its own for every run (``<work_dir>/<timestamp>``: the log file and
``vis_data``), even for two runs that start in the same second."""
import itertools
import os
import os.path as osp

from mmengine.dist import broadcast_object_list
from mmengine.runner import Runner


def claim_run_folder(work_dir, timestamp):
    """Create ``work_dir/timestamp``, or ``timestamp_2``, ``_3``... when it exists, and return
    the name created. Creating is the claim, so two processes never get the same folder."""
    for number in itertools.count(1):
        name = timestamp if number == 1 else f'{timestamp}_{number}'
        try:
            os.makedirs(osp.join(work_dir, name))
        except FileExistsError:
            continue
        return name


class OwnRunFolderRunner(Runner):
    """mmengine's ``Runner`` naming its run folder by the second it starts, as mmengine does,
    but never sharing it: mmengine gives a run started in the second of an earlier run in the
    same work dir (a resume right after a crash) that run's folder, and both append to one log
    file. Rank 0 claims the folder; the other ranks take its name."""

    def setup_env(self, env_cfg):
        super().setup_env(env_cfg)
        name = [claim_run_folder(self._work_dir, self._timestamp) if self._rank == 0 else None]
        broadcast_object_list(name)
        self._timestamp = name[0]
